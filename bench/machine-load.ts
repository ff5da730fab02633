/**
 * Tells a quiet run from a disturbed one. On a shared 2-core machine other work (a test run, a
 * neighbour VM stealing cycles) changes every figure, and such processes may be invisible to `ps`
 * from inside a container. So we compare the whole machine's busy time (/proc/stat) with the CPU
 * the bench's own processes used; the difference is someone else's.
 */
import { readFileSync } from 'node:fs';

/** Machine-wide CPU counters in milliseconds. */
export interface MachineCpu {
  busyMs: number;
  stealMs: number;
  wallMs: number;
}

/** Other work plus steal below this share of one CPU counts as a quiet run. */
const QUIET_SHARE = 0.1;

/** USER_HZ on Linux is 100 on every mainstream architecture. */
const TICK_MS = 10;

/** Reads the aggregate `cpu` line of /proc/stat; null where there is none (macOS, Windows). */
export function readMachineCpu(): MachineCpu | null {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const fields = /^cpu\s+(.+)$/m.exec(text)?.[1].trim().split(/\s+/).map(Number);
  if (!fields || fields.length < 8) return null;
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return {
    busyMs: (user + nice + system + irq + softirq) * TICK_MS,
    stealMs: steal * TICK_MS,
    wallMs: Date.now(),
  };
}

/** Milliseconds of CPU the current process has used (user + system). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A one-line verdict on how much other work ran during the bench. */
export function describeMachineLoad(
  before: MachineCpu | null,
  after: MachineCpu | null,
  benchCpuMs: number,
): string {
  if (!before || !after) return 'machine load: unknown (no /proc/stat)';
  const wall = after.wallMs - before.wallMs;
  const others = Math.max(0, after.busyMs - before.busyMs - benchCpuMs);
  const stolen = after.stealMs - before.stealMs;
  const share = (ms: number) => `${((100 * ms) / wall).toFixed(0)}% of one CPU`;
  const quiet = others + stolen < wall * QUIET_SHARE;
  return (
    `machine load: bench processes ${share(benchCpuMs)}, other work ${share(others)}, stolen ${share(stolen)} ` +
    `over ${(wall / 1000).toFixed(0)} s: ${quiet ? 'quiet run' : 'DISTURBED run, rerun for publishable figures'}`
  );
}
