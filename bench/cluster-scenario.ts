/**
 * The cluster scenario of `npm run bench`: on a private 3-master Redis Cluster, one logical
 * namespace with 1 shard and then 3 shards (sharded mode), each drained by one in-process sharded
 * pool with no-op handlers. Prints jobs per second and each master's Redis CPU, to show whether
 * the Redis work splits across shards (on a 2-core machine the absolute rate will not triple).
 * Runs alone with `ts-node -r tsconfig-paths/register bench/cluster-scenario.ts`.
 */
import { Cluster } from 'ioredis';
import { ShardedEnqueuer, ShardedWorkerPool, silentLogger } from 'nestjs-gocraft-work/core';
import { startPrivateCluster, PrivateCluster } from '../scripts/private-topologies';
import { readRedisCounters } from './redis-cpu';

/** Jobs per shard count; BENCH_CLUSTER_JOBS shrinks it while developing. */
const JOBS = Number(process.env.BENCH_CLUSTER_JOBS ?? 20_000);
/** Workers in all (split over the shards), so both runs offer the same parallelism. */
const WORKERS = 30;

interface ShardRun {
  shards: number;
  jobsPerSecond: number;
  /** CPU seconds each master spent, in node order. */
  cpuPerNode: number[];
}

async function nodeCpu(cluster: Cluster): Promise<number[]> {
  const masters = cluster.nodes('master').sort((a, b) => a.options.port! - b.options.port!);
  return Promise.all(masters.map(async (n) => (await readRedisCounters(n as never)).cpuSeconds));
}

async function runShards(topology: PrivateCluster, shards: number): Promise<ShardRun> {
  const namespace = `bench-${shards}`;
  const source = { cluster: topology.nodes };
  const enqueuer = new ShardedEnqueuer({ namespace, shards, redis: source, logger: silentLogger });
  for (let i = 0; i < JOBS; i += 1000)
    await enqueuer.enqueueBulk(
      Array.from({ length: Math.min(1000, JOBS - i) }, () => ({ name: 'noop', args: null })),
    );
  await enqueuer.close();
  const control = new Cluster(topology.nodes);
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const pool = new ShardedWorkerPool({
    namespace,
    shards,
    redis: source,
    logger: silentLogger,
    concurrency: Math.ceil(WORKERS / shards),
  });
  pool.job('noop', () => {
    if (++done === JOBS) finished();
  });
  try {
    await control.ping();
    const cpuBefore = await nodeCpu(control);
    const started = process.hrtime.bigint();
    await pool.start();
    await allDone;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuAfter = await nodeCpu(control);
    return {
      shards,
      jobsPerSecond: JOBS / seconds,
      cpuPerNode: cpuAfter.map((c, i) => c - cpuBefore[i]),
    };
  } finally {
    await pool.stop();
    await control.quit();
  }
}

/** Runs the scenario; resolves to the lines to print after the main figures. */
export async function clusterScenario(log: (line: string) => void): Promise<string[]> {
  log(`cluster scenario: starting a private 3-master cluster, ${JOBS} jobs per run`);
  const topology = await startPrivateCluster();
  try {
    const runs: ShardRun[] = [];
    for (const shards of [1, 3]) {
      log(`cluster scenario: ${shards} shard(s)`);
      runs.push(await runShards(topology, shards));
    }
    return [
      `cluster (3 masters, no replicas; one in-process sharded pool of ${WORKERS} workers; ${JOBS} no-op jobs):`,
      ...runs.map(
        (r) =>
          `  ${r.shards} shard(s): ${Math.round(r.jobsPerSecond)} jobs/s; Redis CPU per master: ` +
          r.cpuPerNode.map((c) => `${c.toFixed(2)} s`).join(' / '),
      ),
    ];
  } finally {
    await topology.stop();
  }
}

if (require.main === module) {
  clusterScenario((line) => process.stderr.write(`${line}\n`))
    .then((lines) => process.stdout.write(`${lines.join('\n')}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    });
}
