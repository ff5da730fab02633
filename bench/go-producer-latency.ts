/**
 * Enqueue-to-start latency of jobs pushed the way a Go producer pushes them (a raw LPUSH of Go's
 * bytes, no announcement), with and without keyspace wake-ups, beside jobs from our enqueuer.
 * Not part of `npm run bench`: a small measurement for docs/benchmarks.md.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/go-producer-latency.ts [jobs]
 *
 * Each job is pushed after a random pause of 0-250 ms (so pushes land at every phase of the
 * 200 ms poll) and timed from just before the LPUSH to the handler's first line, both read from
 * this process's clock. Runs on a private redis-server started for the purpose.
 */
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { Enqueuer, KeyspaceWakeMode, silentLogger, WorkerPool } from 'nestjs-gocraft-work/core';
import { serializeJob, startPrivateRedis } from 'nestjs-gocraft-work/testing';

type Producer = 'go' | 'ours';

interface Scenario {
  label: string;
  producer: Producer;
  keyspaceWake: KeyspaceWakeMode;
  notify: string;
}

const SCENARIOS: Scenario[] = [
  { label: 'Go producer, polling only (before)', producer: 'go', keyspaceWake: 'off', notify: '' },
  {
    label: "Go producer, keyspace wake-ups (after, 'enable')",
    producer: 'go',
    keyspaceWake: 'enable',
    notify: '',
  },
  {
    label: 'our enqueuer (announced), for reference',
    producer: 'ours',
    keyspaceWake: 'off',
    notify: '',
  },
];

async function measure(scenario: Scenario, jobs: number): Promise<number[]> {
  const server = await startPrivateRedis({ args: ['--notify-keyspace-events', scenario.notify] });
  const producer = new Redis(server.url);
  const enqueuer = new Enqueuer({ namespace: 'lat', redis: server.url, logger: silentLogger });
  const pool = new WorkerPool({
    namespace: 'lat',
    redis: server.url,
    logger: silentLogger,
    concurrency: 4,
    keyspaceWake: scenario.keyspaceWake,
    deadRetention: false,
  });
  let resolveStart: ((at: number) => void) | null = null;
  pool.job('go_job', () => resolveStart?.(performance.now()));
  const latencies: number[] = [];
  try {
    await pool.start();
    await pool.drain();
    if (scenario.keyspaceWake !== 'off') {
      // Wait for the subscription, as a long-running pool would have it.
      while ((await producer.pubsub('NUMSUB', '__keyspace@0__:lat:jobs:go_job'))[1] !== 1)
        await new Promise((r) => setTimeout(r, 5));
    }
    for (let i = 0; i < jobs; i++) {
      await new Promise((r) => setTimeout(r, Math.random() * 250));
      const started = new Promise<number>((resolve) => (resolveStart = resolve));
      const at = performance.now();
      if (scenario.producer === 'ours') await enqueuer.enqueue('go_job', { i });
      else await producer.lpush('lat:jobs:go_job', goBytes(i));
      latencies.push((await started) - at);
    }
  } finally {
    await pool.stop();
    await enqueuer.close();
    await producer.quit();
    await server.stop();
  }
  return latencies;
}

/** The bytes Go's Enqueuer writes (same field order and encoding as serializeJob). */
function goBytes(i: number): string {
  return serializeJob({
    name: 'go_job',
    id: i.toString(16).padStart(24, '0'),
    enqueuedAt: Math.floor(Date.now() / 1000),
    args: { i },
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const jobs = Number(process.argv[2] ?? 200);
  console.log(`jobs per scenario: ${jobs}, random pause 0-250 ms before each push, poll 200 ms`);
  console.log(
    'scenario                                           p50 ms   p90 ms   p99 ms   max ms',
  );
  for (const scenario of SCENARIOS) {
    const sorted = (await measure(scenario, jobs)).sort((a, b) => a - b);
    const cells = [50, 90, 99].map((p) => percentile(sorted, p)).concat(sorted[sorted.length - 1]);
    console.log(scenario.label.padEnd(50) + cells.map((ms) => ms.toFixed(2).padStart(9)).join(''));
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
