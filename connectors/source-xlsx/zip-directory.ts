import type { SourceInput } from '@ferry/sdk';
import { bufferChunks } from '../source-csv/byte-chunks';
import { damaged, emptyFile, legacyXls, notXlsx, tooLarge } from './file-errors';

/** One file inside the zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where its local header starts. */
  offset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Entries by lower-cased name (part names in a package are case-insensitive). */
  byName: Map<string, ZipEntry>;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The end record and its comment sit in the last 64 KB; the central directory before it gets this much room. */
const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;
const TAIL_BYTES = MAX_DIRECTORY_BYTES + 0xffff + 22 + 20 + 56;
const MAX_ENTRIES = 65_535;

/**
 * Reads the zip's central directory from the end of the input (one pass,
 * keeping only the tail) and checks it before anything is inflated: a .xls,
 * a file that is not a zip, one cut short, entries that overlap (a known zip
 * bomb) or that declare more than `maxBytes` unpacked are refused.
 */
export async function readZipDirectory(input: SourceInput, maxBytes: number): Promise<ZipDirectory> {
  const label = input.label;
  const stream = input.open();
  const tail: Buffer[] = [];
  let tailLength = 0;
  let size = 0;
  let head: Buffer | undefined;
  try {
    for await (const chunk of bufferChunks(stream, label)) {
      if (!head || head.length < 8) head = head ? Buffer.concat([head, chunk]) : chunk;
      size += chunk.length;
      tail.push(chunk);
      tailLength += chunk.length;
      while (tail.length > 1 && tailLength - tail[0].length >= TAIL_BYTES) tailLength -= tail.shift()!.length;
    }
  } finally {
    stream.destroy();
  }
  if (!head || size === 0) throw emptyFile(label);
  if (startsWith(head, OLE2)) throw legacyXls(label);
  if (head.length < 4 || head.readUInt32LE(0) !== LOCAL_HEADER) throw notXlsx(label, describeNonZip(head));

  const bytes = Buffer.concat(tail);
  const base = size - bytes.length;
  const end = findEndRecord(bytes);
  if (end < 0) throw damaged(label, 'the end of the file is missing (it was probably cut short while copying or uploading)');
  const { count, directorySize, directoryOffset } = readEndRecord(bytes, end, base, label);
  if (count > MAX_ENTRIES) throw notXlsx(label, `it holds ${count.toLocaleString('en-US')} files, far more than a workbook has`);
  const start = directoryOffset - base;
  if (start < 0) throw notXlsx(label, 'its table of contents is larger than any workbook\'s');
  if (start + directorySize > bytes.length) throw damaged(label, 'its table of contents points past the end of the file');

  const entries = readEntries(bytes.subarray(start, start + directorySize), count, label);
  checkLayout(entries, directoryOffset, label);
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > maxBytes) throw tooLarge(label, maxBytes);
  const byName = new Map<string, ZipEntry>();
  for (const entry of entries) {
    const key = entry.name.toLowerCase();
    if (byName.has(key)) throw damaged(label, `it holds "${entry.name}" twice`);
    byName.set(key, entry);
  }
  return { entries, byName };
}

function findEndRecord(bytes: Buffer): number {
  const last = bytes.length - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (bytes.readUInt32LE(at) === END_OF_DIRECTORY && at + 22 + bytes.readUInt16LE(at + 20) <= bytes.length) return at;
  }
  return -1;
}

function readEndRecord(bytes: Buffer, at: number, base: number, label: string): { count: number; directorySize: number; directoryOffset: number } {
  let count = bytes.readUInt16LE(at + 10);
  let directorySize = bytes.readUInt32LE(at + 12);
  let directoryOffset = bytes.readUInt32LE(at + 16);
  if (bytes.readUInt16LE(at + 4) !== 0 || bytes.readUInt16LE(at + 6) !== 0) throw damaged(label, 'it is one part of a split archive');
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = at - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_LOCATOR) throw damaged(label, 'its large-file (ZIP64) records are missing');
    const record = safeNumber(bytes.readBigUInt64LE(locator + 8)) - base;
    if (record < 0 || record + 56 > bytes.length || bytes.readUInt32LE(record) !== ZIP64_END) {
      throw damaged(label, 'its large-file (ZIP64) records are missing');
    }
    count = safeNumber(bytes.readBigUInt64LE(record + 32));
    directorySize = safeNumber(bytes.readBigUInt64LE(record + 40));
    directoryOffset = safeNumber(bytes.readBigUInt64LE(record + 48));
  }
  return { count, directorySize, directoryOffset };
}

function readEntries(directory: Buffer, count: number, label: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_HEADER) throw damaged(label, 'its table of contents is broken');
    const flags = directory.readUInt16LE(at + 8);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength > directory.length) throw damaged(label, 'its table of contents is broken');
    const entry: ZipEntry = {
      name: directory.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, nameEnd),
      method: directory.readUInt16LE(at + 10),
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      offset: directory.readUInt32LE(at + 42),
    };
    applyZip64(entry, directory.subarray(nameEnd, nameEnd + extraLength));
    if (flags & 0x1) throw notXlsx(label, 'its contents are encrypted');
    if (entry.method !== 0 && entry.method !== 8) throw notXlsx(label, `"${entry.name}" is packed in a way Excel never uses (method ${entry.method})`);
    entries.push(entry);
    at = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/** ZIP64 keeps sizes and offsets that do not fit 32 bits in an extra field, in this order. */
function applyZip64(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number | undefined => {
        if (field + 8 > at + 4 + length || field + 8 > extra.length) return undefined;
        const value = safeNumber(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next() ?? entry.uncompressedSize;
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.offset === 0xffffffff) entry.offset = next() ?? entry.offset;
      return;
    }
    at += 4 + length;
  }
}

/** Entries must follow each other without overlapping: entries sharing bytes inflate the same data many times. */
function checkLayout(entries: ZipEntry[], directoryOffset: number, label: string): void {
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < byOffset.length; i++) {
    const entry = byOffset[i];
    const next = i + 1 < byOffset.length ? byOffset[i + 1].offset : directoryOffset;
    if (entry.offset + 30 + entry.compressedSize > next) throw damaged(label, `its files overlap ("${entry.name}"), a trick used by zip bombs`);
  }
}

function safeNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((byte, i) => buffer[i] === byte);
}

/** What a file that is not a zip probably is, to help the user pick the right one. */
function describeNonZip(head: Buffer): string {
  const text = head.toString('latin1', 0, Math.min(head.length, 64)).trimStart().toLowerCase();
  if (text.startsWith('%pdf')) return 'it is a PDF document';
  if (text.startsWith('<?xml') || text.startsWith('<html') || text.startsWith('<!doctype')) return 'it is an XML or HTML file (Excel can open it and save it as .xlsx)';
  if (text.startsWith('{\\rtf')) return 'it is a rich-text document';
  if (/^[\x09\x0a\x0d\x20-\x7e\x80-\xff]*$/.test(head.toString('latin1', 0, Math.min(head.length, 64)))) return 'it looks like text, perhaps a CSV file (import it as CSV)';
  return 'it is not a ZIP package, which every .xlsx is';
}
