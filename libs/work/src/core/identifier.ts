import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
const POOL_IDS = 512;
const pool = Buffer.alloc(ID_BYTES * POOL_IDS);
let next = POOL_IDS;

/**
 * A job, pool or worker id as gocraft makes it: 12 random bytes as 24 lowercase hex (spec §1.2).
 * Random bytes are drawn from the CSPRNG in blocks because enqueueing is a hot path.
 */
export function makeIdentifier(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const start = next++ * ID_BYTES;
  return pool.toString('hex', start, start + ID_BYTES);
}
