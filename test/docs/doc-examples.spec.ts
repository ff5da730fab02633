/**
 * Every TypeScript example in README.md, docs/ and libs/work/README.md compiles, in strict mode, against the package's
 * types (imported as 'nestjs-gocraft-work', '/core' and '/testing' like a user would).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { allExamples, examplesIn } from './doc-examples';

const ROOT = resolve(__dirname, '..', '..');
const LIB = join(ROOT, 'libs', 'work', 'src');

function typeErrors(files: Map<string, string>, dir: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    // ES modules so examples may use top-level await, as in an ESM script or a REPL.
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
    baseUrl: ROOT,
    paths: {
      'nestjs-gocraft-work': [LIB],
      'nestjs-gocraft-work/*': [join(LIB, '*')],
    },
  };
  const names = [...files.keys()].map((name) => join(dir, name));
  const program = ts.createProgram([...names, join(__dirname, 'prelude.d.ts')], options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && d.file.fileName.startsWith(dir))
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      return `${d.file!.fileName.slice(dir.length + 1)}:${line + 1}: ${text}`;
    });
}

describe('examples in the docs', () => {
  it('finds ```ts blocks and honours the fragment marker', () => {
    const md = ['```ts', 'a();', '```', '<!-- fragment -->', '', '```ts', 'b();', '```'].join('\n');
    expect(examplesIn('x.md', md)).toEqual([
      { file: 'x.md', line: 1, code: 'a();', fragment: false },
      { file: 'x.md', line: 6, code: 'b();', fragment: true },
    ]);
  });

  it('all type-check in strict mode against the package', () => {
    const examples = allExamples(ROOT).filter((example) => !example.fragment);
    expect(examples.length).toBeGreaterThanOrEqual(7);
    // Inside the repo so that '@nestjs/common' and friends resolve from its node_modules.
    const cache = join(ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'doc-examples-'));
    try {
      const files = new Map<string, string>();
      for (const example of examples) {
        // One module per block; the name says where the block is (file and line of its fence).
        const name = `${example.file.replace(/[/.]/g, '_')}_line${example.line}.ts`;
        files.set(name, `${example.code}\nexport {};\n`);
        writeFileSync(join(dir, name), files.get(name)!);
      }
      expect(typeErrors(files, dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
