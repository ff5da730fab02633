/**
 * The engine's dependencies point one way: no import cycles (type imports included), the worker
 * never reaches for the enqueuer, and the background processes never build the admin Client.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const ROOT = resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Relative imports of a file (import and export-from, type-only ones too), as repo paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/\b(?:import|export)\b[^'";]*?from\s+'(\.[^']+)'/g)];
  return found.map(([, spec]) => {
    const base = resolve(dirname(file), spec);
    for (const candidate of [`${base}.ts`, join(base, 'index.ts')])
      if (files.includes(candidate)) return candidate;
    throw new Error(`${relative(ROOT, file)} imports ${spec}, which is not a source file`);
  });
}

const files = sources(ROOT);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const name = (f: string) => relative(ROOT, f);

describe('dependencies', () => {
  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it.each([
    ['core/worker.ts', 'core/enqueuer.ts'],
    ['core/pool-services.ts', 'core/client.ts'],
    ['core/worker-pool.ts', 'core/client.ts'],
    ['core/requeuer.ts', 'core/client.ts'],
  ])('%s never depends on %s, even indirectly', (from, to) => {
    const seen = new Set<string>();
    const stack = [join(ROOT, from)];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      stack.push(...(graph.get(file) ?? []));
    }
    expect([...seen].map(name)).not.toContain(to);
  });
});
