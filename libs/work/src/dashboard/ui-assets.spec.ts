import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageInfo } from '../package-root';
import { UiAssets, uiDistFolder, uiNotBuiltMessage } from './ui-assets';

describe('dashboard assets', () => {
  it("come from the package's own ui/dist, found through its package.json", () => {
    const root = resolve(__dirname, '..', '..');
    expect(packageInfo()).toEqual({
      root,
      name: 'nestjs-gocraft-work',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(uiDistFolder()).toBe(join(root, 'ui', 'dist'));
  });

  it("refuse a folder whose package.json is another package's, instead of searching upwards", () => {
    const other = mkdtempSync(join(tmpdir(), 'work-pkg-'));
    try {
      writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'someone-else' }));
      mkdirSync(join(other, 'dist'));
      expect(() => packageInfo(join(other, 'dist'))).toThrow(
        `${join(other, 'package.json')} is not nestjs-gocraft-work's package.json (name: someone-else)`,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('say how to build the UI when the folder holds no index.html', () => {
    const empty = mkdtempSync(join(tmpdir(), 'work-ui-'));
    try {
      expect(() => new UiAssets(empty).index()).toThrow(uiNotBuiltMessage(empty));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
