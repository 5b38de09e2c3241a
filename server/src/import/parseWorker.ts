/**
 * Worker thread entry: reads one uploaded table and posts what came of it (a ParseOutcome).
 * Started per file by tableFiles.ts with time and memory limits; ends when it has answered.
 */
import { parentPort } from 'node:worker_threads';
import { parseCsvTable, parseXlsxTable, type ParseOutcome, type TableLimits } from './tableParsing.ts';

export interface ParseRequest {
  format: 'csv' | 'xlsx';
  /** CSV text, or the workbook's bytes (a Buffer arrives here as a plain Uint8Array). */
  data: string | Uint8Array;
  limits: TableLimits;
}

async function parseRequest({ format, data, limits }: ParseRequest): Promise<ParseOutcome> {
  if (format === 'csv') return parseCsvTable(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'), limits);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return parseXlsxTable(bytes, limits);
}

parentPort?.once('message', (request: ParseRequest) => {
  void parseRequest(request).then((outcome) => parentPort?.postMessage(outcome));
});
