// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { Node } from '@tiptap/pm/model';
// Through vite.config.ts this is client/src/vendor/tiptapCore.ts, as for tldraw in the app.
import { generateHTML, generateJSON, generateText, getHTMLFromFragment, getSchema, getText, getTextSerializersFromSchema, type JSONContent } from '@tiptap/core';
import { tipTapDefaultExtensions } from 'tldraw';
import * as shim from '../../../client/src/vendor/tiptapCore.ts';

const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const text = (value: string, marks?: JSONContent['marks']): JSONContent => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });

const DOCS: JSONContent[] = [
  { type: 'doc', content: [paragraph(text('Paper claim form'))] },
  { type: 'doc', content: [{ type: 'paragraph' }] },
  { type: 'doc', content: [paragraph(text('Bold', [{ type: 'bold' }]), text(' and '), text('link', [{ type: 'link', attrs: { href: 'https://example.org' } }]))] },
  { type: 'doc', content: [paragraph(text('Zeile <eins> & "zwei"')), { type: 'paragraph' }, paragraph(text('drei', [{ type: 'highlight' }, { type: 'code' }]))] },
  { type: 'doc', content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('one'))] }, { type: 'listItem', content: [paragraph(text('two'))] }] }] },
];

describe("tldraw's rich text helpers with cached schemas", () => {
  it("are what an import of '@tiptap/core' gets", () => {
    expect(generateHTML).toBe(shim.generateHTML);
    expect(generateText).toBe(shim.generateText);
  });

  it('write the same HTML and text as tiptap builds with a fresh schema per call', () => {
    for (const doc of DOCS) {
      const schema = getSchema(tipTapDefaultExtensions);
      const node = Node.fromJSON(schema, doc);
      // Twice: the second call runs on the cached schema and the reused scratch element.
      for (let i = 0; i < 2; i++) {
        expect(generateHTML(doc, tipTapDefaultExtensions)).toBe(getHTMLFromFragment(node.content, schema));
        expect(generateText(doc, tipTapDefaultExtensions, { blockSeparator: '\n' })).toBe(
          getText(node, { blockSeparator: '\n', textSerializers: getTextSerializersFromSchema(schema) }),
        );
      }
    }
  });

  it('read HTML back into the same document', () => {
    for (const doc of DOCS) {
      const html = generateHTML(doc, tipTapDefaultExtensions);
      expect(generateHTML(generateJSON(html, tipTapDefaultExtensions), tipTapDefaultExtensions)).toBe(html);
    }
  });

  it('give another extensions list its own schema', () => {
    const withoutLists = tipTapDefaultExtensions.filter((extension) => extension.name !== 'highlight');
    const doc = DOCS[3] ?? { type: 'doc' };
    expect(() => generateHTML(doc, withoutLists)).toThrow();
    expect(generateHTML(doc, tipTapDefaultExtensions)).toContain('<mark>');
  });
});
