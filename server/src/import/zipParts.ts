/**
 * The parts of a ZIP archive (an XLSX workbook is one), read from its central directory,
 * and unpacked with a bound on the bytes they may grow to. An archive's directory declares
 * each part's sizes, which costs nothing to check before unpacking; a crafted archive can
 * declare less than it holds, so unpacking stops at the bound too (zlib's maxOutputLength).
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated; XLSX writers use nothing else. */
  method: number;
  compressedSize: number;
  declaredSize: number;
  /** Where the packed bytes start (after the part's local header). */
  dataStart: number;
}

export type ZipDirectory = { ok: true; parts: ZipPart[] } | { ok: false; reason: string };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_BYTES = 22;
const ENTRY_BYTES = 46;
const LOCAL_HEADER_BYTES = 30;
/** ZIP64 marks sizes and offsets that did not fit 32 bits with all ones. */
const ZIP64_MARK = 0xffffffff;

function findEndOfDirectory(data: Buffer): number {
  // The end record is last, followed only by a comment of at most 65,535 bytes.
  const lowest = Math.max(0, data.length - END_RECORD_BYTES - 0xffff);
  for (let at = data.length - END_RECORD_BYTES; at >= lowest; at--) {
    if (data.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

/**
 * Lists the parts without unpacking anything. Anything unusual (ZIP64, bytes before the
 * archive, a directory that does not end where the end record starts) is refused rather than
 * guessed at: the library that reads the workbook afterwards must see the parts checked here.
 */
export function readZipDirectory(data: Buffer, maxParts: number): ZipDirectory {
  const end = data.length >= END_RECORD_BYTES ? findEndOfDirectory(data) : -1;
  if (end < 0) return { ok: false, reason: 'it is not a ZIP archive (XLSX workbooks are)' };
  const directoryBytes = data.readUInt32LE(end + 12);
  const directoryStart = data.readUInt32LE(end + 16);
  if (directoryStart === ZIP64_MARK || directoryStart + directoryBytes !== end) {
    return { ok: false, reason: 'its ZIP directory is not where the archive says (ZIP64 or damaged)' };
  }
  const parts: ZipPart[] = [];
  for (let at = directoryStart; at < end; ) {
    if (parts.length >= maxParts) return { ok: false, reason: `it has more than ${maxParts} parts` };
    if (at + ENTRY_BYTES > end || data.readUInt32LE(at) !== DIRECTORY_ENTRY) return { ok: false, reason: 'its ZIP directory is damaged' };
    const method = data.readUInt16LE(at + 10);
    const compressedSize = data.readUInt32LE(at + 20);
    const declaredSize = data.readUInt32LE(at + 24);
    const nameBytes = data.readUInt16LE(at + 28);
    const entryBytes = ENTRY_BYTES + nameBytes + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    const localHeader = data.readUInt32LE(at + 42);
    const name = data.toString('utf8', at + ENTRY_BYTES, Math.min(end, at + ENTRY_BYTES + nameBytes));
    if (compressedSize === ZIP64_MARK || declaredSize === ZIP64_MARK || localHeader === ZIP64_MARK) {
      return { ok: false, reason: `its part ${name} uses ZIP64 sizes` };
    }
    if (localHeader + LOCAL_HEADER_BYTES > directoryStart || data.readUInt32LE(localHeader) !== LOCAL_HEADER) {
      return { ok: false, reason: `its part ${name} has no local header where the directory says` };
    }
    const dataStart = localHeader + LOCAL_HEADER_BYTES + data.readUInt16LE(localHeader + 26) + data.readUInt16LE(localHeader + 28);
    if (dataStart + compressedSize > directoryStart) return { ok: false, reason: `its part ${name} runs past the archive` };
    if (method !== 0 && method !== 8) return { ok: false, reason: `its part ${name} is packed with method ${method} (only stored and deflated are read)` };
    parts.push({ name, method, compressedSize, declaredSize, dataStart });
    at += entryBytes;
  }
  return { ok: true, parts };
}

export type Unpacked = { ok: true; bytes: Buffer } | { ok: false; overBound: true } | { ok: false; overBound: false; reason: string };

/** Unpacks one part, stopping as soon as it grows past `maxBytes`. */
export function unpackPart(data: Buffer, part: ZipPart, maxBytes: number): Unpacked {
  const packed = data.subarray(part.dataStart, part.dataStart + part.compressedSize);
  if (part.method === 0) return packed.length > maxBytes ? { ok: false, overBound: true } : { ok: true, bytes: packed };
  try {
    const bytes = inflateRawSync(packed, { maxOutputLength: Math.max(1, maxBytes) });
    return bytes.length > maxBytes ? { ok: false, overBound: true } : { ok: true, bytes };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, overBound: true };
    return { ok: false, overBound: false, reason: `its part ${part.name} does not unpack: ${(error as Error).message}` };
  }
}
