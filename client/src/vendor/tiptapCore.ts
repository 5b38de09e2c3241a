/**
 * @tiptap/core as tldraw sees it, except that generateHTML, generateText and generateJSON build
 * the ProseMirror schema once per extensions list instead of on every call.
 *
 * tldraw renders and measures every note's rich text through these helpers, and upstream each
 * call rebuilds the schema from the extensions (a fifth of the main thread while a 2,000-card
 * board opens). tldraw passes the same extensions array every time, so the array is the cache
 * key; a changed configuration is a new array and gets its own schema. HTML is serialized into
 * one inert document kept for the purpose, where upstream creates a new document per call.
 * vite.config.ts points every import of '@tiptap/core' in the production bundle here (except this
 * module's own); `npm run dev` pre-bundles tldraw without it.
 */
import { DOMParser, DOMSerializer, Node, type Fragment, type Schema } from '@tiptap/pm/model';
import { elementFromString, getSchema, getText, getTextSerializersFromSchema, type Extensions, type JSONContent, type TextSerializer } from '@tiptap/core';

export * from '@tiptap/core';

const schemas = new WeakMap<Extensions, Schema>();

function schemaFor(extensions: Extensions): Schema {
  let schema = schemas.get(extensions);
  if (!schema) {
    schema = getSchema(extensions);
    schemas.set(extensions, schema);
  }
  return schema;
}

let htmlScratch: HTMLElement | undefined;

/** As tiptap's getHTMLFromFragment: serialized in a document apart from the page, so nothing in it loads or runs. */
function fragmentToHtml(fragment: Fragment, schema: Schema): string {
  htmlScratch ??= document.implementation.createHTMLDocument().createElement('div');
  const scratch = htmlScratch;
  scratch.appendChild(DOMSerializer.fromSchema(schema).serializeFragment(fragment, { document: scratch.ownerDocument }));
  const html = scratch.innerHTML;
  scratch.replaceChildren();
  return html;
}

export function generateHTML(doc: JSONContent, extensions: Extensions): string {
  const schema = schemaFor(extensions);
  return fragmentToHtml(Node.fromJSON(schema, doc).content, schema);
}

export function generateText(
  doc: JSONContent,
  extensions: Extensions,
  options?: { blockSeparator?: string; textSerializers?: Record<string, TextSerializer> },
): string {
  const { blockSeparator = '\n\n', textSerializers = {} } = options ?? {};
  const schema = schemaFor(extensions);
  return getText(Node.fromJSON(schema, doc), {
    blockSeparator,
    textSerializers: { ...getTextSerializersFromSchema(schema), ...textSerializers },
  });
}

export function generateJSON(html: string, extensions: Extensions): Record<string, unknown> {
  const schema = schemaFor(extensions);
  return DOMParser.fromSchema(schema).parse(elementFromString(html)).toJSON() as Record<string, unknown>;
}
