/**
 * Private Redis topologies beyond one server, for the slow suites (`npm run test:cluster`):
 * a 3-master Redis Cluster, a Sentinel group (primary, replica, three sentinels) and a TLS server
 * with a self-signed CA made at start. Every process listens on a free loopback port and is
 * stopped (and its directory removed) by `stop()`; nothing touches a Redis we did not start.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Redis, { RedisOptions } from 'ioredis';
import {
  freePort,
  startPrivateRedis,
  waitForPort,
  PrivateRedis,
} from 'nestjs-gocraft-work/testing';

/** A running 3-master cluster (no replicas). */
export interface PrivateCluster {
  /** `host:port` of each master, as a cluster client's startup nodes. */
  readonly nodes: Array<{ host: string; port: number }>;
  readonly servers: PrivateRedis[];
  stop(): Promise<void>;
}

/** Polls until `check` is true; fails naming `what` after `timeoutMs`. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function infoOf(
  port: number,
  section: string,
  extra: string[] = [],
  options: RedisOptions = {},
): Promise<string> {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    ...options,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.call(section, ...extra)) as string;
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts `masters` cluster-enabled servers (the cluster bus on its own free port, so any data
 * port works) and joins them with `redis-cli --cluster create`; resolves once every node reports
 * `cluster_state:ok`.
 */
export async function startPrivateCluster(masters = 3): Promise<PrivateCluster> {
  const servers: PrivateRedis[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      const busPort = await freePort();
      servers.push(
        await startPrivateRedis({
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-port',
            String(busPort),
            '--cluster-node-timeout',
            '2000',
          ],
        }),
      );
    }
    execFileSync(
      'redis-cli',
      ['--cluster', 'create', ...servers.map((s) => `127.0.0.1:${s.port}`), '--cluster-yes'],
      { stdio: 'ignore', timeout: 30_000 },
    );
    for (const s of servers)
      await until(
        async () => (await infoOf(s.port, 'CLUSTER', ['INFO'])).includes('cluster_state:ok'),
        `cluster_state:ok on ${s.port}`,
      );
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  return {
    nodes: servers.map((s) => ({ host: '127.0.0.1', port: s.port })),
    servers,
    stop: async () => void (await Promise.all(servers.map((s) => s.stop()))),
  };
}

/** A running primary, replica and three sentinels watching them as `masterName`. */
export interface PrivateSentinelGroup {
  readonly masterName: string;
  readonly primary: PrivateRedis;
  readonly replica: PrivateRedis;
  readonly sentinels: Array<{ host: string; port: number }>;
  /** The port the sentinels currently name as primary. */
  primaryPort(): Promise<number>;
  stop(): Promise<void>;
}

interface Spawned {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

function spawnQuiet(command: string, args: string[]): Spawned {
  const child = spawn(command, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

async function kill({ child, exited }: Spawned): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a primary, a replica of it and three `redis-sentinel`s (quorum 2, down after 1 s), and
 * resolves once the replica is in sync and every sentinel knows the replica and the other two
 * sentinels, so `SENTINEL FAILOVER` can promote it.
 */
export async function startPrivateSentinelGroup(): Promise<PrivateSentinelGroup> {
  const masterName = 'workprimary';
  const primary = await startPrivateRedis();
  const replica = await startPrivateRedis({
    args: ['--replicaof', '127.0.0.1', String(primary.port)],
  });
  const dir = mkdtempSync(join(tmpdir(), 'work-sentinel-'));
  const sentinels: Array<Spawned & { port: number }> = [];
  const stop = async () => {
    await Promise.all(sentinels.map(kill));
    await Promise.all([primary.stop(), replica.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const file = join(dir, `sentinel-${i}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${masterName} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${masterName} 1000`,
          `sentinel failover-timeout ${masterName} 10000`,
          `sentinel parallel-syncs ${masterName} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push({ ...spawnQuiet('redis-sentinel', [file]), port });
      await waitForPort(port);
    }
    await until(
      async () =>
        (await infoOf(replica.port, 'INFO', ['replication'])).includes('master_link_status:up'),
      'the replica to sync',
    );
    for (const s of sentinels)
      await until(async () => {
        const info = await infoOf(s.port, 'INFO', ['sentinel']);
        return /slaves=1,sentinels=3/.test(info);
      }, `sentinel ${s.port} to see the replica and its peers`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    masterName,
    primary,
    replica,
    sentinels: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
    async primaryPort() {
      const redis = new Redis({ port: sentinels[0].port, host: '127.0.0.1', lazyConnect: true });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        const reply = (await redis.call(
          'SENTINEL',
          'GET-MASTER-ADDR-BY-NAME',
          masterName,
        )) as string[];
        return Number(reply[1]);
      } finally {
        redis.disconnect();
      }
    },
    stop,
  };
}

/** A running TLS-only redis-server and the files a client needs to trust it. */
export interface PrivateTlsRedis {
  readonly port: number;
  /** `rediss://127.0.0.1:<port>`. */
  readonly url: string;
  /** Path of the CA certificate (PEM) that signed the server's certificate. */
  readonly caFile: string;
  /** redis-server arguments for extra settings are given at start; this runs redis-cli-free admin. */
  readonly server: PrivateRedis;
  stop(): Promise<void>;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore', timeout: 30_000 });
}

/**
 * Makes a throwaway CA and a server certificate for 127.0.0.1/localhost with openssl, then
 * starts a redis-server that listens only on a TLS port (no client certificates required).
 */
export async function startPrivateTlsRedis(args: string[] = []): Promise<PrivateTlsRedis> {
  const certs = mkdtempSync(join(tmpdir(), 'work-tls-'));
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=work-test-ca',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ],
    certs,
  );
  openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
    ],
    certs,
  );
  writeFileSync(join(certs, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'san.ext',
      '-out',
      'server.crt',
    ],
    certs,
  );
  const port = await freePort();
  const server = await startPrivateRedis({
    port,
    args: [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--tls-cert-file',
      join(certs, 'server.crt'),
      '--tls-key-file',
      join(certs, 'server.key'),
      '--tls-ca-cert-file',
      join(certs, 'ca.crt'),
      '--tls-auth-clients',
      'no',
      ...args,
    ],
  });
  return {
    port,
    url: `rediss://127.0.0.1:${port}`,
    caFile: join(certs, 'ca.crt'),
    server,
    async stop() {
      await server.stop();
      rmSync(certs, { recursive: true, force: true });
    },
  };
}

/** A TLS-only `redis-sentinel` watching a {@link PrivateTlsRedis} as its primary. */
export interface PrivateTlsSentinel {
  readonly port: number;
  readonly masterName: string;
  stop(): Promise<void>;
}

/**
 * Starts one `redis-sentinel` that listens only on a TLS port, with the certificate of `primary`,
 * and reaches the primary over TLS (`tls-replication yes`); resolves once it reports the primary
 * as up.
 */
export async function startPrivateTlsSentinel(
  primary: PrivateTlsRedis,
  masterName = 'worktls',
): Promise<PrivateTlsSentinel> {
  const certs = dirname(primary.caFile);
  const dir = mkdtempSync(join(tmpdir(), 'work-tls-sentinel-'));
  const port = await freePort();
  const file = join(dir, 'sentinel.conf');
  writeFileSync(
    file,
    [
      'port 0',
      `tls-port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `tls-cert-file ${join(certs, 'server.crt')}`,
      `tls-key-file ${join(certs, 'server.key')}`,
      `tls-ca-cert-file ${join(certs, 'ca.crt')}`,
      'tls-auth-clients no',
      'tls-replication yes',
      `sentinel monitor ${masterName} 127.0.0.1 ${primary.port} 1`,
      '',
    ].join('\n'),
  );
  const sentinel = spawnQuiet('redis-sentinel', [file]);
  const stop = async () => {
    await kill(sentinel);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port);
    const tls = { ca: readFileSync(primary.caFile) };
    await until(
      async () =>
        (await infoOf(port, 'INFO', ['sentinel'], { tls })).includes(
          `name=${masterName},status=ok`,
        ),
      'the TLS sentinel to see its primary',
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, masterName, stop };
}
