/**
 * Finds dead relative links in the README and docs/ (`npm run docs:links`, part of `npm run check`):
 * a link `[text](path)` or `[text](path#anchor)` whose file does not exist, or whose anchor names no
 * heading of that file (GitHub's heading ids). Links with a scheme (https:, mailto:) are not followed.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DeadLink {
  file: string;
  line: number;
  target: string;
  reason: string;
}

const INLINE_LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const FENCE = /^\s*(```|~~~)/;

/** The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file, repeated headings numbered as GitHub numbers them (-1, -2, ...). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of linesOutsideCode(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line.raw);
    if (!heading?.[1]) continue;
    const slug = headingSlug(heading[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Lines outside fenced code; `text` without inline code spans, whose brackets are not links. */
function linesOutsideCode(markdown: string): { text: string; raw: string; line: number }[] {
  const lines: { text: string; raw: string; line: number }[] = [];
  let inFence = false;
  markdown.split('\n').forEach((text, index) => {
    if (FENCE.test(text)) {
      inFence = !inFence;
      return;
    }
    if (!inFence) lines.push({ text: text.replace(/`[^`]*`/g, ''), raw: text, line: index + 1 });
  });
  return lines;
}

/** Every dead relative link of one Markdown file. */
export function deadLinksIn(file: string): DeadLink[] {
  const dead: DeadLink[] = [];
  for (const { text, line } of linesOutsideCode(readFileSync(file, 'utf8'))) {
    for (const match of text.matchAll(INLINE_LINK)) {
      const target = match[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const [pathPart = '', anchor] = target.split('#', 2);
      const linked = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
      if (!existsSync(linked)) {
        dead.push({ file, line, target, reason: 'no such file' });
        continue;
      }
      if (anchor === undefined || anchor === '' || !linked.endsWith('.md') || statSync(linked).isDirectory()) continue;
      if (!headingAnchors(readFileSync(linked, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())) {
        dead.push({ file, line, target, reason: `no heading #${anchor} in ${relative(process.cwd(), linked)}` });
      }
    }
  }
  return dead;
}

/** README.md and every Markdown file under docs/ of the project at `root`. */
export function documentationFiles(root: string): string[] {
  const docs = join(root, 'docs');
  const underDocs = existsSync(docs) ? markdownFilesUnder(docs) : [];
  return [join(root, 'README.md'), join(root, 'CHANGELOG.md'), ...underDocs].filter((file) => existsSync(file));
}

function markdownFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return markdownFilesUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const files = documentationFiles(root);
  const dead = files.flatMap(deadLinksIn);
  for (const link of dead) {
    console.error(`${relative(root, link.file)}:${link.line}: dead link ${link.target} (${link.reason})`);
  }
  if (dead.length > 0) {
    console.error(`${dead.length} dead link(s) in ${files.length} file(s)`);
    process.exitCode = 1;
    return;
  }
  console.log(`docs:links: ${files.length} file(s), no dead relative links`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
