/**
 * A batch of job outcomes as the acknowledgement script takes it (see lua/ack-jobs.lua.ts for the
 * layout of its keys and arguments), and how a batch Redis refused is split into parts that stand
 * or fall alone.
 *
 * The script checks every key it will write before its first write, so one key of the wrong type
 * (written under our names by something else) makes Redis refuse the whole batch: without a split,
 * the successes of every other queue in it would wait, still listed in progress, for as long as
 * that key stays wrong. A part holds one queue's outcomes of one kind: its successes and drops,
 * which need only the queue's own keys, or its retries and deads, which also need the retry and
 * dead sets. The only outcomes still held back are then those that need the wrong key.
 */

/** One script call's worth of outcomes. */
export interface AckBatch {
  keys: string[];
  argv: (string | Buffer | number)[];
  count: number;
  /** The payloads of the batch's plain successes (by group) and of its other outcomes. */
  successes: Array<Array<string | Buffer> | undefined>;
  others: Array<string | Buffer>;
}

/** The outcomes of one queue group that need the same keys, as they are collected for a part. */
interface Part {
  /** KEYS index (0-based) of the group's in-progress key; its lock keys follow it. */
  readonly groupKey: number;
  readonly zsets: boolean;
  readonly singles: (string | Buffer | number)[];
  readonly others: Array<string | Buffer>;
  readonly runs: Array<string | Buffer>;
  readonly uniques: string[];
  count: number;
}

/**
 * Splits `batch` into one batch per queue group and kind of outcome (see the file header), in the
 * order their first entries appear. A batch with a single such part, or with an entry it cannot
 * read, is returned as it is.
 */
export function splitBatch(batch: AckBatch): AckBatch[] {
  const { keys, argv } = batch;
  const [poolId, header] = argv;
  const groups = parseInt(String(header), 10);
  const uniquesAt = 2 + groups * 3;
  const parts = new Map<string, Part>();
  const partOf = (group: number, zsets: boolean): Part => {
    const id = `${group}${zsets ? 'z' : ''}`;
    let part = parts.get(id);
    if (!part) {
      const groupKey = 2 + (group - 1) * 3;
      part = { groupKey, zsets, singles: [], others: [], runs: [], uniques: [], count: 0 };
      parts.set(id, part);
    }
    return part;
  };
  let a = 2;
  while (a < argv.length) {
    const entry = String(argv[a]);
    const run = /^\*(\d+) (\d+)$/.exec(entry);
    if (run) {
      const count = Number(run[2]);
      const part = partOf(Number(run[1]), false);
      part.runs.push(...(argv.slice(a + 1, a + 1 + count) as Array<string | Buffer>));
      part.count += count;
      a += 1 + count;
      continue;
    }
    const [, group, kind, unique] = /^(\d+) ([oxrd])(u?)$/.exec(entry) ?? [];
    // Never thrown from here: this runs in a write's rejection handler. Unsplit, it is retried whole.
    if (!group) return [batch];
    const zsets = kind === 'r' || kind === 'd';
    const part = partOf(Number(group), zsets);
    const raw = argv[a + 1] as string | Buffer;
    const fields = argv.slice(a + 2, a + (zsets ? 4 : 2));
    a += zsets ? 4 : 2;
    part.singles.push(`1 ${kind}${unique}`, raw, ...fields);
    if (unique) {
      part.uniques.push(keys[uniquesAt + Number(argv[a]) - 1]);
      part.singles.push(part.uniques.length);
      a += 1;
    }
    part.others.push(raw);
    part.count += 1;
  }
  if (parts.size <= 1) return [batch];
  return [...parts.values()].map((part) => ({
    keys: [keys[0], keys[1], ...keys.slice(part.groupKey, part.groupKey + 3), ...part.uniques],
    argv: [
      poolId,
      part.zsets ? '1z' : '1',
      ...part.singles,
      ...(part.runs.length > 0 ? [`*1 ${part.runs.length}`, ...part.runs] : []),
    ],
    count: part.count,
    successes: part.runs.length > 0 ? [part.runs] : [],
    others: part.others,
  }));
}
