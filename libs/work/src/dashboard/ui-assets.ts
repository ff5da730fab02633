/**
 * Reads the dashboard's built front end, shipped inside this package at `ui/dist` (made by
 * `npm run build:ui`). The bundle is built by esbuild rather than tsc, so it is found on disk
 * relative to the package's own root (see package-root.ts), from sources and built code alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../package-root';
import { WorkError } from '../core/errors';

/** A file of the built UI, ready to send. */
export interface UiAsset {
  body: Buffer;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

/** Asset file names: no slashes, no leading dot, a known extension; anything else is a 404. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.(js|css|svg|png|map)$/;

/** Message for an operator whose checkout has no built UI. */
export function uiNotBuiltMessage(folder: string): string {
  return `the dashboard UI is not built (no index.html in ${folder}): run "npm run build:ui"`;
}

/** The built UI's folder inside this package. */
export function uiDistFolder(): string {
  return join(packageInfo().root, 'ui', 'dist');
}

/** Reads the UI's files from one folder (the package's own `ui/dist` unless told otherwise). */
export class UiAssets {
  private dir: string | null = null;

  constructor(private readonly configured?: string) {}

  /** The folder in use; throws with {@link uiNotBuiltMessage} when it holds no index.html. */
  folder(): string {
    if (this.dir) return this.dir;
    const dir = this.configured ?? uiDistFolder();
    if (!existsSync(join(dir, 'index.html'))) throw new WorkError(uiNotBuiltMessage(dir));
    this.dir = dir;
    return dir;
  }

  /** index.html. */
  index(): UiAsset {
    return {
      body: readFileSync(join(this.folder(), 'index.html')),
      contentType: CONTENT_TYPES['.html'],
    };
  }

  /** One bundled asset by bare file name, or null when the name is not one we serve. */
  asset(name: string): UiAsset | null {
    if (!ASSET_NAME.test(name)) return null;
    const path = join(this.folder(), 'assets', name);
    if (!existsSync(path)) return null;
    const ext = name.slice(name.lastIndexOf('.'));
    return { body: readFileSync(path), contentType: CONTENT_TYPES[ext] };
  }
}
