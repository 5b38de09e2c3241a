/**
 * Readers of the exported text formats as their consumers read them, for the hostile-text
 * tests: what a CommonMark renderer would link to or treat as HTML, and what Mermaid's
 * `journey` lexer makes of a diagram.
 */

/** A character at `index` is escaped when an odd number of backslashes stands before it. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i -= 1) backslashes += 1;
  return backslashes % 2 === 1;
}

/** Backslash escapes and the character references CommonMark resolves in link destinations. */
function resolveMarkdown(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * Every link destination a CommonMark renderer could make of the text: inline links and images
 * (`](dest)`), reference definitions (`]: dest`) and autolinks (`<scheme:…>`), resolved as the
 * renderer resolves them. Deliberately generous: a `]` that merely could end a link text counts.
 */
export function markdownLinkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (let i = markdown.indexOf(']'); i !== -1; i = markdown.indexOf(']', i + 1)) {
    if (isEscaped(markdown, i)) continue;
    const after = markdown.slice(i + 1);
    const inline = /^\(\s*(?:<([^>\n]*)>|((?:\\.|[^\s()]|\([^\s()]*\))*))/.exec(after);
    const definition = /^:[ \t]*\n?[ \t]*(?:<([^>\n]*)>|(\S+))/.exec(after);
    const match = inline ?? definition;
    if (match) targets.push(resolveMarkdown(match[1] ?? match[2] ?? ''));
  }
  for (const match of markdown.matchAll(/<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>/gi)) {
    if (!isEscaped(markdown, match.index)) targets.push(match[1]!);
  }
  return targets;
}

/** Every `<` that could open an HTML tag, comment or autolink, except the report's own `<br>`. */
export function markdownUnsafeMarkup(markdown: string): string[] {
  return [...markdown.matchAll(/<(?!br>)[^\n]{0,30}/g)].filter((match) => !isEscaped(markdown, match.index)).map((match) => match[0]);
}

/** The text a reader sees: escapes and references resolved, the report's `<br>` as line breaks. */
export function readableMarkdown(markdown: string): string {
  return resolveMarkdown(markdown.replace(/<br>/g, '\n'));
}

// ---------------------------------------------------------------------------------------------
// Mermaid `journey` diagrams, read as Mermaid reads them (packages/mermaid: Diagram.fromText
// encodes entity codes, then the jison lexer of diagrams/user-journey/parser/journey.jison,
// case-insensitive, takes the first rule that matches; journeyDb.addTask splits the task data).

function encodeEntities(text: string): string {
  return text
    .replace(/style.*:\S*#.*;/g, (s) => s.slice(0, -1))
    .replace(/classDef.*:\S*#.*;/g, (s) => s.slice(0, -1))
    .replace(/#\w+;/g, (s) => {
      const inner = s.slice(1, -1);
      return /^\+?\d+$/.test(inner) ? `ﬂ°°${inner}¶ß` : `ﬂ°${inner}¶ß`;
    });
}

/** What the drawn diagram shows: Mermaid's decodeEntities, then the browser reading the character reference. */
function decodeEntities(text: string): string {
  return text
    .replace(/ﬂ°°(\d+)¶ß/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/ﬂ°(\w+)¶ß/g, '&$1;');
}

type TokenKind = 'skip' | 'NEWLINE' | 'journey' | 'title' | 'acc' | 'section' | 'taskName' | 'taskData' | ':' | 'INVALID';

const JOURNEY_LEXER: [RegExp, TokenKind][] = [
  [/%%(?!\{)[^\n]*/iy, 'skip'],
  [/[^}]%%[^\n]*/iy, 'skip'],
  [/[\n]+/iy, 'NEWLINE'],
  [/\s+/iy, 'skip'],
  [/#[^\n]*/iy, 'skip'],
  [/journey/iy, 'journey'],
  [/title\s[^#\n;]+/iy, 'title'],
  [/accTitle\s*:\s*/iy, 'acc'],
  [/accDescr\s*:\s*/iy, 'acc'],
  [/accDescr\s*\{\s*/iy, 'acc'],
  [/section\s[^#:\n;]+/iy, 'section'],
  [/[^#:\n;]+/iy, 'taskName'],
  [/:[^#\n;]+/iy, 'taskData'],
  [/:/iy, ':'],
  [/./iy, 'INVALID'],
];

function* journeyTokens(text: string): Generator<{ kind: TokenKind; text: string }> {
  let position = 0;
  while (position < text.length) {
    const rule = JOURNEY_LEXER.find(([pattern]) => {
      pattern.lastIndex = position;
      return pattern.test(text);
    });
    if (!rule) throw new Error(`no lexer rule at ${position}`);
    const [pattern, kind] = rule;
    const end = pattern.lastIndex;
    if (kind !== 'skip') yield { kind, text: text.slice(position, end) };
    position = end;
  }
}

export interface ParsedJourney {
  title: string;
  sections: { name: string; tasks: { name: string; score: number; actors: string[] }[] }[];
}

/** The diagram as Mermaid's parser builds it; throws where Mermaid reports a syntax error. */
export function parseMermaidJourney(source: string): ParsedJourney {
  const tokens = [...journeyTokens(`${encodeEntities(source)}\n`)].filter((token) => token.kind !== 'NEWLINE');
  const diagram: ParsedJourney = { title: '', sections: [] };
  if (tokens.shift()?.kind !== 'journey') throw new Error('not a journey diagram');
  while (tokens.length > 0) {
    const token = tokens.shift()!;
    if (token.kind === 'title') diagram.title = decodeEntities(token.text.slice(6).trim());
    else if (token.kind === 'section') diagram.sections.push({ name: decodeEntities(token.text.slice(8).trim()), tasks: [] });
    else if (token.kind === 'taskName') {
      const data = tokens.shift();
      if (data?.kind !== 'taskData') throw new Error(`task "${token.text}" without score`);
      const [score = '', actors] = data.text.slice(1).split(':');
      const section = diagram.sections.at(-1);
      if (!section) throw new Error(`task "${token.text}" before any section`);
      section.tasks.push({
        name: decodeEntities(token.text.trim()),
        score: Number(score),
        actors: actors === undefined ? [] : actors.split(',').map((actor) => decodeEntities(actor.trim())),
      });
    } else throw new Error(`unexpected ${token.kind} "${token.text}"`);
  }
  return diagram;
}
