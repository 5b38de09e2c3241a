import type { FastifyInstance } from 'fastify';
import { XLSX_CONTENT_TYPE } from '../export/journeyFormats.ts';
import { HttpError } from '../http/errors.ts';
import { runBoundedWorker } from './boundedWorker.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits, type LimitRefusal } from './importLimits.ts';
import type { ParseRequest } from './parseWorker.ts';
import type { ParseOutcome, TableResult } from './tableParsing.ts';

export type { TableResult } from './tableParsing.ts';

export const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'] as const;
export const XLSX_TYPE = XLSX_CONTENT_TYPE;

const PARSE_WORKER = new URL('./parseWorker.ts', import.meta.url);
/** Uploads that may wait for a free worker, per worker; more get 503 (each holds its file meanwhile). */
const WAITING_PER_WORKER = 4;

function refusal({ status, message }: LimitRefusal): HttpError {
  return new HttpError(status, status === 413 ? 'payload_too_large' : 'bad_request', `the file was not read: ${message}`);
}

/**
 * Reads uploaded tables in worker threads, at most `concurrency` at a time, each within the
 * time and memory limits. A file over a limit is refused with 413 (too large) or 422 (too
 * costly to read), the reason in the message.
 */
export class TableReader {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  readonly limits: ImportLimits;
  private readonly workerModule: URL;

  constructor(limits: ImportLimits, workerModule: URL = PARSE_WORKER) {
    this.limits = limits;
    this.workerModule = workerModule;
  }

  async read(format: ParseRequest['format'], data: ParseRequest['data']): Promise<TableResult> {
    await this.takeWorker();
    try {
      const { maxUncompressedBytes, maxCompressionRatio, maxCells, timeoutMs, maxMemoryMb } = this.limits;
      const request: ParseRequest = { format, data, limits: { maxUncompressedBytes, maxCompressionRatio, maxCells } };
      const outcome = await runBoundedWorker<ParseOutcome>(this.workerModule, request, { timeoutMs, maxMemoryMb });
      if (!outcome.ok) {
        const time = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 100) / 10} s`;
        const reason = outcome.reason === 'timeout' ? `reading the file took longer than ${time}` : outcome.reason === 'memory' ? `reading the file needed more than ${maxMemoryMb} MB of memory` : `reading the file failed (${outcome.message})`;
        throw refusal({ status: 422, message: reason });
      }
      if (outcome.value.kind === 'refused') throw refusal(outcome.value.refusal);
      return outcome.value.result;
    } finally {
      this.releaseWorker();
    }
  }

  private async takeWorker(): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running += 1;
      return;
    }
    if (this.waiting.length >= this.limits.concurrency * WAITING_PER_WORKER) {
      throw new HttpError(503, 'service_unavailable', 'the server is reading other uploaded tables; try again in a few seconds');
    }
    // The releasing read hands its worker over: `running` stays as it is.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private releaseWorker(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}

let defaultReader: TableReader | undefined;

/**
 * Reads an uploaded body by its content type; undefined for a type that is not a table.
 * Throws HttpError (413, 422, 503) when the file runs into an import limit.
 */
export async function readTable(contentType: string | undefined, body: unknown, reader?: TableReader): Promise<TableResult | undefined> {
  const tables = reader ?? (defaultReader ??= new TableReader(DEFAULT_IMPORT_LIMITS));
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === XLSX_TYPE && Buffer.isBuffer(body)) return tables.read('xlsx', body);
  if ((CSV_TYPES as readonly string[]).includes(type) && (Buffer.isBuffer(body) || typeof body === 'string')) return tables.read('csv', body);
  return undefined;
}

/**
 * Lets routes registered in `scope` (an encapsulated plugin) take CSV and XLSX bodies as raw
 * bytes; text/plain already arrives as a string. Other routes are not affected.
 */
export function acceptTableBodies(scope: FastifyInstance, bodyLimit: number): void {
  scope.addContentTypeParser([...CSV_TYPES.filter((t) => t !== 'text/plain'), XLSX_TYPE], { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
}
