/**
 * Board text made inert for the export formats: whatever a participant types on a card shows as
 * that text in the file and in whatever renders it, never as markup, a script, a link to a
 * script or a formula. Characters are escaped, not dropped, so what users read stays the same.
 */

const EMBEDDING_OPENERS = new Set(['\u202A', '\u202B', '\u202D', '\u202E']); // LRE RLE LRO RLO
const POP_DIRECTIONAL_FORMATTING = '\u202C';
const ISOLATE_OPENERS = new Set(['\u2066', '\u2067', '\u2068']); // LRI RLI FSI
const POP_DIRECTIONAL_ISOLATE = '\u2069';

/**
 * The text followed by a closer for every bidirectional embedding, override or isolate it leaves
 * open, so a right-to-left override in one card cannot reverse what the file shows after it
 * (the next cell of a row, the score of a diagram task). Unmatched closers are ignored by the
 * Unicode bidi algorithm, so closing too much is harmless.
 */
export function closeBidiControls(text: string): string {
  const open: string[] = [];
  for (const char of text) {
    if (EMBEDDING_OPENERS.has(char)) open.push(POP_DIRECTIONAL_FORMATTING);
    else if (ISOLATE_OPENERS.has(char)) open.push(POP_DIRECTIONAL_ISOLATE);
    else if (char === POP_DIRECTIONAL_FORMATTING && open.at(-1) === POP_DIRECTIONAL_FORMATTING) open.pop();
    // A PDI closes its isolate and every embedding opened inside it.
    else if (char === POP_DIRECTIONAL_ISOLATE && open.includes(POP_DIRECTIONAL_ISOLATE)) {
      while (open.pop() !== POP_DIRECTIONAL_ISOLATE);
    }
  }
  return text + open.reverse().join('');
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** The link schemes a report may link to; any other (javascript:, data:, vbscript:, file:) is shown as text. */
const SAFE_LINK = /(!?)\[([^[\]\n]*)\]\(((?:https?:\/\/|mailto:)[^\s()<>\\`[\]|]+)\)/gi;

/**
 * Plain text with every Markdown construct that could become markup or a link escaped:
 * backslashes first (so a typed backslash cannot cancel one of ours), backticks (a code span
 * would show the escapes below literally), brackets (no link, image or reference definition),
 * pipes (table cells), character references (`&#106;avascript:` stays text) and `<` (no HTML,
 * no autolink of any scheme).
 */
function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`[\]|]/g, '\\$&')
    .replace(/&(?=#?[0-9a-z]+;)/gi, '&amp;')
    .replace(/</g, '&lt;');
}

/**
 * Card text for a Markdown report, on one line or with line feeds the caller turns into
 * `<br>` or a separator. Inline links to http, https and mailto addresses stay links (an image
 * becomes a link, so opening the report loads nothing); every other link shows as text.
 */
export function markdownText(text: string): string {
  const source = closeBidiControls(text.replace(/\r\n?/g, '\n'));
  let result = '';
  let from = 0;
  for (const match of source.matchAll(SAFE_LINK)) {
    const [whole, bang = '', label = '', target = ''] = match;
    result += `${escapeMarkdown(source.slice(from, match.index))}${bang ? '\\!' : ''}[${escapeMarkdown(label)}](${target.replace(/&(?=#?[0-9a-z]+;)/gi, '&amp;')})`;
    from = match.index + whole.length;
  }
  return result + escapeMarkdown(source.slice(from));
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/**
 * Characters Mermaid reads as syntax in a `journey` diagram: `#` starts a comment and Mermaid's
 * entity codes, `:` separates a task's name, score and actors, `;` ends a statement, `%%`
 * comments out the rest of the line wherever it starts (a card `%%…` or `a%%…` vanished from
 * the diagram); `<`, `>` and `&` would be markup wherever labels are drawn as HTML (Mermaid
 * itself draws journey labels as text, other tools reading .mmd files may not).
 */
const MERMAID_SYNTAX = /[#:;%<>&]/g;
const MERMAID_ACTOR_SYNTAX = /[#:;%<>&,]/g;
/** Words that make a task line another statement (Mermaid's lexer is case-insensitive and tries them first). */
const MERMAID_STATEMENT_START = /^(?:journey|(?:title|section)\s|acc(?:title|descr))/i;

/** Mermaid's entity code for a character: `#60;` is drawn as `<`. */
const mermaidEntity = (char: string): string => `#${char.codePointAt(0)};`;

/** Where a label stands: a task's name starts its line, actors are separated by commas, a title or section name follows its keyword. */
export type MermaidLabelPlace = 'task' | 'actor' | 'heading';

/**
 * Text for a Mermaid label, on one line, with Mermaid's syntax characters written as entity
 * codes (Mermaid draws them as the characters).
 */
export function mermaidLabel(text: string, fallback: string, place: MermaidLabelPlace): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return fallback;
  const escaped = closeBidiControls(line).replace(place === 'actor' ? MERMAID_ACTOR_SYNTAX : MERMAID_SYNTAX, mermaidEntity);
  return place === 'task' && MERMAID_STATEMENT_START.test(escaped) ? mermaidEntity(escaped.charAt(0)) + escaped.slice(1) : escaped;
}

// ---------------------------------------------------------------------------------------------
// Spreadsheets

/**
 * A cell value that spreadsheet programs will not run: a leading `=`, `+`, `-`, `@`, tab or
 * carriage return starts a formula (or a DDE call) there, so such a value gets a leading `'`,
 * as OWASP recommends for CSV files.
 */
export function spreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
