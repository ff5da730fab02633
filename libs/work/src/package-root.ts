/**
 * The folder of this package (the one holding its package.json), found from this file's fixed place
 * in it: `src/` when run from sources (ts-node, Jest), `dist/` when built. Nothing above that folder
 * is ever looked at, so an installed copy never picks up another project's files.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkError } from './core/errors';

/** The name in our package.json, checked so a moved file fails loudly instead of reading strangers' files. */
export const PACKAGE_NAME = 'nestjs-gocraft-work';

/** The package's root folder and its package.json fields we use. */
export interface PackageInfo {
  root: string;
  name: string;
  version: string;
}

/** Reads the package.json one level above this file's folder; throws if it is not ours. */
export function packageInfo(fromDir: string = __dirname): PackageInfo {
  const root = resolve(fromDir, '..');
  const manifest = join(root, 'package.json');
  let parsed: { name?: unknown; version?: unknown };
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8')) as typeof parsed;
  } catch (err) {
    throw new WorkError(`cannot read ${manifest}: ${(err as Error).message}`);
  }
  if (parsed.name !== PACKAGE_NAME) {
    throw new WorkError(
      `${manifest} is not ${PACKAGE_NAME}'s package.json (name: ${String(parsed.name)})`,
    );
  }
  return { root, name: PACKAGE_NAME, version: String(parsed.version) };
}
