/**
 * @tiptap/core as tldraw sees it, with one change: generateHTML, generateText and generateJSON
 * build the ProseMirror schema once per extensions list instead of on every call.
 *
 * tldraw renders and measures every note's rich text through these helpers, and upstream each
 * call rebuilds the schema from the extensions (a fifth of the main thread while a 2,000-card
 * board opens). tldraw passes the same extensions array every time, so the array is the cache
 * key; a changed configuration is a new array and gets its own schema. vite.config.ts points
 * every import of '@tiptap/core' in the bundle here (except this module's own).
 */
import { DOMParser, Node, type Schema } from '@tiptap/pm/model';
import { elementFromString, getHTMLFromFragment, getSchema, getText, getTextSerializersFromSchema, type Extensions, type JSONContent, type TextSerializer } from '@tiptap/core';

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

export function generateHTML(doc: JSONContent, extensions: Extensions): string {
  const schema = schemaFor(extensions);
  return getHTMLFromFragment(Node.fromJSON(schema, doc).content, schema);
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
