/**
 * An app without the optional peers (prom-client, @opentelemetry/*, @nestjs/terminus) must
 * type-check against the package with skipLibCheck off: no declaration file reachable from the
 * package's entry points may import one of them. The consumer test (`npm run test:consumer`)
 * checks the same with a real install; this spec catches it in seconds.
 */
import { Declarations, emitDeclarations, packageImports } from './declaration-imports';

const ENTRIES = ['index.d.ts', 'core/index.d.ts', 'testing/index.d.ts'];
const OPTIONAL_PEER = /^(prom-client|@opentelemetry\/[^/]+|@nestjs\/terminus)(\/|$)/;

describe('declarations and optional peers', () => {
  let declarations: Declarations;
  beforeAll(() => (declarations = emitDeclarations()), 120_000);

  it('emits the three entry points', () => {
    for (const entry of ENTRIES) expect(declarations.has(entry)).toBe(true);
  });

  it('finds a peer import however a d.ts spells it, through relative imports', () => {
    const fixture: Declarations = new Map([
      ['index.d.ts', "export * from './a';\nexport { b } from './b/index.js';\n"],
      ['a.d.ts', "export declare const a: import('prom-client').Registry;\n"],
      [
        'b/index.d.ts',
        "import type * as Otel from '@opentelemetry/api';\nexport { c } from '../c';",
      ],
      ['c.d.ts', '/// <reference types="@nestjs/terminus" />\nexport declare const c: 1;\n'],
      ['unreached.d.ts', "import 'prom-client';\n"],
    ]);
    expect(packageImports(fixture, ['index.d.ts'])).toEqual([
      { file: 'a.d.ts', specifier: 'prom-client' },
      { file: 'b/index.d.ts', specifier: '@opentelemetry/api' },
      { file: 'c.d.ts', specifier: '@nestjs/terminus' },
    ]);
  });

  it('reaches no optional peer and no missing file from the entry points', () => {
    const imports = packageImports(declarations, ENTRIES);
    // Sanity: the walk did read the graph (the Nest layer imports @nestjs/common).
    expect(imports.some((i) => i.specifier === '@nestjs/common')).toBe(true);
    const offending = imports.filter(
      (i) => OPTIONAL_PEER.test(i.specifier) || i.specifier.startsWith('.'),
    );
    expect(offending).toEqual([]);
  });
});
