/**
 * Transpiles the bench and the engine to plain JavaScript in a temporary directory, so worker
 * processes run under bare `node`. Running them under ts-node would load the TypeScript compiler
 * into the very process whose peak RSS we report (~95 MB extra, measured on Node 20).
 * Type checking is not needed here: `npm run bench` itself runs under type-checking ts-node.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

/** A compiled tree; `dir` mirrors the repository layout (bench/, libs/work/src/). */
export interface Build {
  readonly dir: string;
  /** Path of a compiled bench script, e.g. `script('ours-worker')`. */
  script(name: string): string;
  remove(): void;
}

/** Every .ts file under `dir` except tests. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.spec.ts') &&
      !entry.name.endsWith('.d.ts')
    ) {
      out.push(path);
    }
  }
  return out;
}

/**
 * Makes the compiled library importable by its package name from the compiled bench, as an
 * installed package is: `<dir>/node_modules/nestjs-gocraft-work` links to the compiled sources,
 * which get the package's entry points. Workers then need no path-mapping loader, which would add
 * about 5 MB to the resident memory we measure (tsconfig-paths, measured on Node 20).
 */
function linkPackage(dir: string): void {
  const lib = join(dir, 'libs', 'work', 'src');
  writeFileSync(
    join(lib, 'package.json'),
    JSON.stringify({
      name: 'nestjs-gocraft-work',
      exports: {
        '.': './index.js',
        './core': './core/index.js',
        './testing': './testing/index.js',
      },
    }),
  );
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(lib, join(dir, 'node_modules', 'nestjs-gocraft-work'), 'dir');
}

/** Transpiles bench/ and libs/work/src/ of the repository at `root`. */
export function compileForWorkers(root: string): Build {
  const dir = mkdtempSync(join(tmpdir(), 'work-bench-'));
  const compilerOptions: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
  };
  for (const file of [
    ...sources(join(root, 'bench')),
    ...sources(join(root, 'libs', 'work', 'src')),
  ]) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
    });
    const target = join(dir, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  linkPackage(dir);
  return {
    dir,
    script: (name) => join(dir, 'bench', `${name}.js`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
