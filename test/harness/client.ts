/**
 * Helpers for Client specs: clients on a test bed's namespace (closed together), and zset members
 * written the way gocraft's workers write them.
 */
import { Client, ClientOptions, JobFields, silentLogger } from 'nestjs-gocraft-work/core';
import { serializeJob } from 'nestjs-gocraft-work/testing';
import { testRedisUrl } from './redis';
import type { WorkTestBed } from './work';

/** Opens clients on a bed's namespace; call `closeAll()` before the bed's `close()`. */
export class ClientFactory {
  private readonly clients: Client[] = [];

  constructor(private readonly bed: WorkTestBed) {}

  open(options: Partial<ClientOptions> = {}): Client {
    const client = new Client({
      namespace: this.bed.namespace,
      redis: testRedisUrl(),
      logger: silentLogger,
      ...options,
    });
    this.clients.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    for (const client of this.clients.splice(0)) await client.close();
  }
}

/** A job with defaults filled in: t = 1425263409, args null. */
export function jobFields(fields: Partial<JobFields> & { name: string; id: string }): JobFields {
  return { enqueuedAt: 1425263409, args: null, ...fields };
}

/** ZADDs a Go-exact job member to `set` (retry, scheduled or dead) and returns its bytes. */
export async function addJob(
  bed: WorkTestBed,
  set: 'retry' | 'scheduled' | 'dead',
  score: number,
  fields: Partial<JobFields> & { name: string; id: string },
): Promise<string> {
  const member = serializeJob(jobFields(fields));
  await bed.redis.zadd(bed.key(set), score, member);
  return member;
}

/** ZADDs a dead member as a Go worker leaves it after a final failure at `diedAt`. */
export function addDead(
  bed: WorkTestBed,
  diedAt: number,
  name: string,
  id: string,
  args: JobFields['args'] = null,
): Promise<string> {
  return addJob(bed, 'dead', diedAt, {
    name,
    id,
    args,
    fails: 1,
    lastErr: 'ohno',
    failedAt: diedAt,
  });
}

/** A deterministic 24-hex id for test n. */
export function hexId(n: number): string {
  return n.toString(16).padStart(24, '0');
}
