/**
 * Bounds on reading an uploaded table (CSV or XLSX): what a 3 KB workbook may cost the server.
 * Each has an env setting (IMPORT_..., see config.ts); the defaults leave room for the largest
 * import the journey map takes (5,000 cards) many times over.
 */
export interface ImportLimits {
  /** All parts of an XLSX workbook together, unpacked. */
  maxUncompressedBytes: number;
  /** Unpacked size / packed size of one part (above a grace size: small parts may pack well). */
  maxCompressionRatio: number;
  /** Cells of the table read from the file, counting empty cells between filled ones of a row. */
  maxCells: number;
  /** Wall-clock time of reading one file (in a worker thread, which is ended when it runs over). */
  timeoutMs: number;
  /** Heap of the worker thread that reads one file. */
  maxMemoryMb: number;
  /** Files read at the same time; further uploads wait for a free worker (a few) or get 503. */
  concurrency: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxUncompressedBytes: 64 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxCells: 200_000,
  timeoutMs: 10_000,
  maxMemoryMb: 256,
  concurrency: 2,
};

/** Why reading a file was refused: too large (413) or too costly to read (422). */
export interface LimitRefusal {
  status: 413 | 422;
  message: string;
}

export function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 10 || Number.isInteger(mib) ? `${Math.round(mib)} MiB` : `${mib.toFixed(1)} MiB`;
}
