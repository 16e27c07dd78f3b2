// The central directory of a ZIP file (APPNOTE 6.3: end of central directory record, central directory
// headers, local headers), read before exceljs streams it: exceljs's streaming reader never settles on a
// truncated file (its promise hangs), so a file whose directory does not hold together is refused first.

import { constants, inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  dataStart: number;
}

/** The entries, or null when the directory is missing, cut short or points outside the file. */
export function zipEntries(buf: Buffer): ZipEntry[] | null {
  if (buf.length < 22) return null;
  // The record is the last 22 bytes, or sits before a comment of up to 65,535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD && i + 22 + buf.readUInt16LE(i + 20) === buf.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  // ZIP64 (over 65,535 entries or 4 GiB): no spreadsheet this service accepts; let the reader judge it.
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return [];
  if (offset + size > eocd) return null;
  const list: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > offset + size || buf.readUInt32LE(p) !== CENTRAL) return null;
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLength > offset + size) return null;
    if (local + 30 > offset || buf.readUInt32LE(local) !== LOCAL) return null;
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compressed > offset) return null;
    list.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLength), method, compressedSize: compressed, dataStart });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return list;
}

/**
 * The last row a worksheet declares in its <dimension ref="A1:I5001"/> (Excel and WPS write it before the
 * rows; exceljs's streaming writer does not), read from the start of the entry alone: for a progress estimate.
 */
export function declaredLastRow(buf: Buffer, entry: ZipEntry): number | null {
  const head = buf.subarray(entry.dataStart, entry.dataStart + Math.min(entry.compressedSize, 16 * 1024));
  let xml: string;
  try {
    xml = (entry.method === 8 ? inflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH }) : head).toString('utf8');
  } catch {
    return null;
  }
  const m = /<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"/.exec(xml.slice(0, 8192));
  return m?.[1] ? Number(m[1]) : null;
}
