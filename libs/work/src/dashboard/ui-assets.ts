/**
 * Finds and reads the dashboard's built front end (libs/work/ui/dist, made by `npm run build:ui`).
 * The bundle is built by esbuild rather than tsc, so it is looked up on disk at run time from
 * wherever this file runs: the sources (ts-node, Jest) or a compiled copy under dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
export function uiNotBuiltMessage(searched: string[]): string {
  return `the dashboard UI is not built (looked for index.html in ${searched.join(', ')}): run "npm run build:ui"`;
}

/** The candidate folders for the built UI, nearest first. */
export function uiDistCandidates(from: string = __dirname): string[] {
  const candidates: string[] = [];
  let dir = from;
  for (;;) {
    candidates.push(join(dir, 'ui', 'dist'), join(dir, 'libs', 'work', 'ui', 'dist'));
    const parent = dirname(dir);
    if (parent === dir) return candidates;
    dir = parent;
  }
}

/** Reads the UI's files from the first candidate folder that holds an index.html. */
export class UiAssets {
  private dir: string | null = null;

  constructor(private readonly candidates: string[] = uiDistCandidates()) {}

  /** The folder in use; throws with {@link uiNotBuiltMessage} when none is built. */
  folder(): string {
    if (this.dir) return this.dir;
    const found = this.candidates.find((dir) => existsSync(join(dir, 'index.html')));
    if (!found) throw new Error(uiNotBuiltMessage(this.candidates.slice(0, 2)));
    this.dir = found;
    return found;
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
