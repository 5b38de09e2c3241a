import type * as Y from 'yjs';
import type { SerializedSchema } from 'tldraw';
import { DocLayout, MetaKey } from '../../../shared/src/index.ts';
import { RecordsKeyValue } from './recordsKeyValue.ts';

/**
 * Typed access to the parts of a board's Y.Doc that the client reads and writes
 * (layout defined in shared/src/docLayout.ts).
 */

export { RecordsKeyValue };

// Values are `unknown`: any peer can write anything, so they are checked on the way in. The index
// observes its array for the lifetime of the doc, so one instance per doc is shared rather than
// stacking a new observer on every (re)binding.
const recordsByDoc = new WeakMap<Y.Doc, RecordsKeyValue>();

export function getRecordsKeyValue(doc: Y.Doc): RecordsKeyValue {
  let records = recordsByDoc.get(doc);
  if (!records) {
    records = new RecordsKeyValue(doc.getArray<unknown>(DocLayout.records));
    recordsByDoc.set(doc, records);
  }
  return records;
}

function getMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DocLayout.meta);
}

function isSerializedSchema(value: unknown): value is SerializedSchema {
  return (
    typeof value === 'object' &&
    value !== null &&
    'schemaVersion' in value &&
    typeof value.schemaVersion === 'number'
  );
}

/** The tldraw schema the doc's records were written with, if any peer has recorded one. */
export function readDocSchema(doc: Y.Doc): SerializedSchema | undefined {
  const schema = getMeta(doc).get(MetaKey.schema);
  return isSerializedSchema(schema) ? schema : undefined;
}
