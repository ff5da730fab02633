/**
 * The library's declaration files, emitted in memory (as `npm run build:lib` would write them),
 * and the modules they import, followed from the package's entry points the way a user's `tsc`
 * follows them.
 */
import { dirname, join, posix, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');
const LIB_TSCONFIG = join(ROOT, 'libs', 'work', 'tsconfig.lib.json');

/** Declaration text by path relative to the build's outDir (e.g. `core/index.d.ts`). */
export type Declarations = Map<string, string>;

/** Emits the library's d.ts files with its own build settings, without touching dist/. */
export function emitDeclarations(): Declarations {
  const config = ts.getParsedCommandLineOfConfigFile(
    LIB_TSCONFIG,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${LIB_TSCONFIG}`);
  const outDir = config.options.outDir!;
  const options = { ...config.options, emitDeclarationOnly: true, declarationMap: false };
  const program = ts.createProgram(config.fileNames, options);
  const out: Declarations = new Map();
  const result = program.emit(undefined, (file, text) => {
    if (file.endsWith('.d.ts')) out.set(posix.relative(outDir, file), text);
  });
  const errors = result.diagnostics.map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
  if (result.emitSkipped || errors.length > 0) throw new Error(errors.join('\n') || 'emit skipped');
  return out;
}

/** One import of a package (not a relative path) by a reachable declaration file. */
export interface PackageImport {
  /** The importing d.ts, relative to the outDir. */
  file: string;
  /** The module specifier, e.g. `prom-client`. */
  specifier: string;
}

/** Every module specifier in a d.ts: imports, re-exports, `import("x")` types and `/// <reference types>`. */
function specifiersIn(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((ref) => ref.fileName);
}

/** The emitted d.ts a relative specifier of `from` names, if any. */
function resolveRelative(
  declarations: Declarations,
  from: string,
  specifier: string,
): string | null {
  const base = posix.normalize(posix.join(dirname(from), specifier)).replace(/\.js$/, '');
  for (const candidate of [`${base}.d.ts`, `${base}/index.d.ts`])
    if (declarations.has(candidate)) return candidate;
  return null;
}

/**
 * The package imports of every d.ts reachable from `entries` through relative imports. A relative
 * import that matches no emitted file is reported too (specifier starting with `.`), since it
 * would hide part of the graph.
 */
export function packageImports(declarations: Declarations, entries: string[]): PackageImport[] {
  const found: PackageImport[] = [];
  const seen = new Set<string>();
  const queue = [...entries];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = declarations.get(file);
    if (text === undefined) throw new Error(`no emitted declaration ${file}`);
    for (const specifier of specifiersIn(text)) {
      if (!specifier.startsWith('.')) {
        found.push({ file, specifier });
        continue;
      }
      const target = resolveRelative(declarations, file, specifier);
      if (target) queue.push(target);
      else found.push({ file, specifier });
    }
  }
  return found;
}
