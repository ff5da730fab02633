/**
 * Builds the dashboard's front end (libs/work/ui) into libs/work/ui/dist: index.html plus
 * assets/app.js and assets/app.css bundled by esbuild (uPlot included, nothing loaded from the
 * network) and assets/favicon.svg. Run by `npm run build:ui` and before build, test, demo and dashboard.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ui = join(__dirname, '..', 'libs', 'work', 'ui');
const dist = join(ui, 'dist');

async function main(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, 'assets'), { recursive: true });
  await build({
    entryPoints: { app: join(ui, 'src', 'main.ts') },
    outdir: join(dist, 'assets'),
    bundle: true,
    format: 'iife',
    target: ['es2020'],
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    tsconfig: join(ui, 'tsconfig.json'),
  });
  copyFileSync(join(ui, 'index.html'), join(dist, 'index.html'));
  copyFileSync(join(ui, 'favicon.svg'), join(dist, 'assets', 'favicon.svg'));
  console.log(`dashboard UI built in ${dist}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
