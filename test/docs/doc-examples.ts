/**
 * Finds the TypeScript examples in README.md, docs/*.md and the package's README: every ```ts block, except one right
 * after a `<!-- fragment -->` line (a deliberate excerpt that cannot compile on its own).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One ```ts block: where it is and its code. */
export interface DocExample {
  file: string;
  line: number;
  code: string;
  fragment: boolean;
}

export const FRAGMENT_MARKER = '<!-- fragment -->';

/** README.md, every docs/*.md and the package's README, relative to the repo root. */
export function docFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs, 'libs/work/README.md'];
}

/** The ```ts blocks of one Markdown text. */
export function examplesIn(file: string, markdown: string): DocExample[] {
  const lines = markdown.split('\n');
  const examples: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const previous = lines
      .slice(0, start)
      .reverse()
      .find((line) => line.trim() !== '');
    examples.push({
      file,
      line: start + 1,
      code: body.join('\n'),
      fragment: previous?.trim() === FRAGMENT_MARKER,
    });
  }
  return examples;
}

/** Every example of the repo's docs. */
export function allExamples(root: string): DocExample[] {
  return docFiles(root).flatMap((file) => examplesIn(file, readFileSync(join(root, file), 'utf8')));
}
