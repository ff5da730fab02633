/**
 * Summarises a V8 .cpuprofile (as written with BENCH_CPU_PROF=<dir> npm run bench) without a
 * browser: the functions with the most self time, and self time per source file. This is how the
 * engine bottlenecks in docs/benchmarks.md were found.
 *
 * Usage: npx ts-node bench/profile-top.ts <file.cpuprofile> [rows]
 */
import { readFileSync } from 'node:fs';

/** The parts of the .cpuprofile format this summary reads. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

/** Shortens a script URL to what identifies it: a package name or a path from the repository. */
function shortFile(url: string): string {
  if (url === '') return '(native / VM)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  const repo = /\/((?:bench|libs)\/.*)$/.exec(path);
  return repo ? repo[1] : path;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
}

/** V8's name for samples where the thread was waiting; left out so percentages are of busy time. */
const IDLE = '(idle)';

/** Prints the top `rows` functions by self time and the self time of each file, as % of busy time. */
export function summarise(profile: CpuProfile, rows: number): string[] {
  const busy = profile.nodes.filter((n) => n.callFrame.functionName !== IDLE);
  const total = busy.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const idle = profile.nodes.reduce(
    (sum, n) => sum + (n.callFrame.functionName === IDLE ? (n.hitCount ?? 0) : 0),
    0,
  );
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of busy) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = shortFile(url);
    const key = `${functionName || '(anonymous)'}  ${file}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    byFile.set(file, (byFile.get(file) ?? 0) + hits);
  }
  const top = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([key, hits]) => `${percent(hits, total)}  ${key}`);
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  return [
    `${total} busy samples (${percent(total, total + idle).trim()} of ${total + idle}) over ${seconds.toFixed(1)} s; percentages are of busy time`,
    '',
    'self time by function:',
    ...top(byFunction),
    '',
    'self time by file:',
    ...top(byFile),
  ];
}

if (require.main === module) {
  const [file, rowsArg = '25', ...extra] = process.argv.slice(2);
  const rows = Number(rowsArg);
  if (!file || !Number.isInteger(rows) || rows <= 0 || extra.length > 0) {
    console.error(
      'usage: npx ts-node bench/profile-top.ts <file.cpuprofile> [rows]   (one profile at a time)',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(summarise(profile, rows).join('\n'));
}
