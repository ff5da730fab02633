/**
 * `npm run package`: builds the library (dashboard bundle + compiled code) and packs it with
 * `npm pack`, into dist/package/. The last line printed is the tarball's absolute path, so
 * scripts can take it with `tail -n 1`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** Builds and packs the library; returns the tarball's absolute path. */
export function buildPackage(log: (line: string) => void = console.log): string {
  const run = (args: string[], cwd = ROOT) =>
    execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  log(run(['run', '--silent', 'build:ui']).trim());
  run(['run', '--silent', 'build:lib']);
  const out = join(ROOT, 'dist', 'package');
  mkdirSync(out, { recursive: true });
  const [packed] = JSON.parse(
    run(['pack', '--json', '--pack-destination', out], join(ROOT, 'libs', 'work')),
  ) as { filename: string; files: unknown[]; size: number }[];
  log(`packed ${packed.files.length} files, ${Math.round(packed.size / 1024)} kB`);
  return join(out, packed.filename);
}

if (require.main === module) {
  try {
    console.log(buildPackage());
  } catch (err) {
    console.error(`package: ${(err as Error).message}`);
    process.exit(1);
  }
}
