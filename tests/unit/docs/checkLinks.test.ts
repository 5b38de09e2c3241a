import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadLinksIn, documentationFiles, headingSlug } from '../../../scripts/checkLinks.ts';

describe('dead relative links in the documentation', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'journeyboard-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'api.md'), '# API\n\n## Live metrics\n\nText.\n\n## `GET /healthz` and friends\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = join(root, name);
    writeFileSync(file, text);
    return file;
  };

  it('reports a link to a file that does not exist, with its line', () => {
    const readme = write('README.md', '# Journeyboard\n\nSee [the API](docs/api.md) and [setup](docs/setup.md).\n');
    expect(deadLinksIn(readme)).toEqual([{ file: readme, line: 3, target: 'docs/setup.md', reason: 'no such file' }]);
  });

  it('reports an anchor that names no heading of the linked file', () => {
    const readme = write('README.md', '[metrics](docs/api.md#live-metrics) [health](docs/api.md#get-healthz-and-friends) [gone](docs/api.md#webhooks)\n');
    expect(deadLinksIn(readme).map((link) => link.target)).toEqual(['docs/api.md#webhooks']);
  });

  it('reports a missing image and a dead anchor within the same file', () => {
    const guide = write('docs/guide.md', '# Guide\n\n![board](images/board.png)\n\n[up](#guide) [down](#nowhere)\n');
    expect(deadLinksIn(guide).map((link) => link.target)).toEqual(['images/board.png', '#nowhere']);
  });

  it('ignores web links and brackets inside code', () => {
    const readme = write('README.md', '[tldraw](https://tldraw.dev) [mail](mailto:a@b.c) `[x](nothing.md)`\n\n```\n[y](nothing.md)\n```\n');
    expect(deadLinksIn(readme)).toEqual([]);
  });

  it('checks the README and every file under docs/', () => {
    write('README.md', '# Journeyboard\n');
    expect(documentationFiles(root).map((file) => file.slice(root.length + 1)).sort()).toEqual(['README.md', 'docs/api.md']);
  });

  it('makes heading ids as GitHub does', () => {
    expect(headingSlug('Scale-out and operations')).toBe('scale-out-and-operations');
    expect(headingSlug('Share links and roles')).toBe('share-links-and-roles');
    expect(headingSlug('`npm run bench`: how & why')).toBe('npm-run-bench-how--why');
  });
});
