/**
 * Builds ZIP archives (XLSX workbooks) at test time, hostile ones included: a part that
 * unpacks to a gigabyte, or a directory that declares less than a part holds.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { readZipDirectory, unpackPart } from '../../server/src/import/zipParts.ts';

export interface ArchivePart {
  name: string;
  /** The packed bytes (raw deflate) or, with `stored`, the bytes as they are. */
  packed: Buffer;
  stored?: boolean;
  /** What the directory says the part unpacks to (a lie, if it differs). */
  declaredSize: number;
  crc?: number;
}

export function deflatedPart(name: string, content: Buffer | string): ArchivePart {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, packed: deflateRawSync(bytes), declaredSize: bytes.length, crc: crc32(bytes) };
}

/**
 * A part that unpacks to `unpackedBytes` spaces (a multiple of 1 MiB) from about a thousandth
 * of that: one flushed deflate block of 1 MiB, repeated, so a gigabyte costs no gigabyte here.
 */
export function spacesBomb(name: string, unpackedBytes: number): ArchivePart {
  const mebibyte = 1024 * 1024;
  const block = deflateRawSync(Buffer.alloc(mebibyte, 0x20), { finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0));
  const packed = Buffer.concat([...Array.from({ length: Math.ceil(unpackedBytes / mebibyte) }, () => block), last]);
  return { name, packed, declaredSize: Math.ceil(unpackedBytes / mebibyte) * mebibyte };
}

export function zipArchive(parts: readonly ArchivePart[]): Buffer {
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const method = part.stored ? 0 : 8;
    const crc = part.crc ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(part.packed.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(part.packed.length, 20);
    entry.writeUInt32LE(part.declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, name, part.packed);
    directory.push(entry, name);
    offset += local.length + name.length + part.packed.length;
  }
  const directoryBytes = directory.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...directory, end]);
}

/** The parts of an archive, unpacked (for rebuilding a real workbook with changes). */
export function partsOf(archive: Buffer): Map<string, Buffer> {
  const directory = readZipDirectory(archive, 1000);
  if (!directory.ok) throw new Error(directory.reason);
  const parts = new Map<string, Buffer>();
  for (const part of directory.parts) {
    const unpacked = unpackPart(archive, part, 64 * 1024 * 1024);
    if (!unpacked.ok) throw new Error(`cannot unpack ${part.name}`);
    parts.set(part.name, unpacked.bytes);
  }
  return parts;
}

/** A real workbook (written by exceljs) with parts replaced or added. */
export function rebuiltWorkbook(workbook: Buffer, changes: (parts: Map<string, Buffer>) => ArchivePart[]): Buffer {
  const parts = partsOf(workbook);
  const replaced = changes(parts);
  const names = new Set(replaced.map((p) => p.name));
  return zipArchive([...[...parts].filter(([name]) => !names.has(name)).map(([name, bytes]) => deflatedPart(name, bytes)), ...replaced]);
}

/** A workbook with these rows on its first sheet, and `extra` cells set by address (e.g. XFD1). */
export async function workbookOf(rows: readonly (readonly string[])[], extra: Record<string, string> = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Journey');
  for (const row of rows) sheet.addRow([...row]);
  for (const [address, value] of Object.entries(extra)) sheet.getCell(address).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
