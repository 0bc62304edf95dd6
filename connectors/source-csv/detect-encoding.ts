import { isAscii, isUtf8 } from 'node:buffer';
import { FatalRunError } from '@ferry/sdk';
import { isUtf8Name, isWideEncoding } from './encodings';

export interface DetectedEncoding {
  /** An iconv-lite name; `utf-8` bytes go to the parser unchanged. */
  encoding: string;
  /** Bytes of byte-order mark to skip at the start (UTF-8 only; iconv-lite strips the others). */
  bomLength: number;
  /** The sample was plain ASCII, so the rest of the file may still turn out to be Windows-1252. */
  asciiSample: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const BOMS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  // UTF-32 first: its little-endian BOM starts with UTF-16's.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** Files people rename to .csv, by their first bytes. */
const SIGNATURES: ReadonlyArray<{ bytes: number[]; what: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an Excel 97-2003 (.xls) workbook' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

/**
 * Works out how the sample's text is stored: a byte-order mark, else the NUL
 * pattern of UTF-16, else UTF-8 when the bytes are valid UTF-8, else
 * Windows-1252. With `configured` set, only checks the bytes are not binary.
 * `complete` says the sample is the whole file (so it cannot end mid-character).
 * Throws `binary_file` for anything that is not text.
 */
export function detectEncoding(sample: Buffer, complete: boolean, label: string, configured = 'auto'): DetectedEncoding {
  const signature = SIGNATURES.find((s) => startsWith(sample, s.bytes));
  if (signature) throw binaryFile(label, `it looks like ${signature.what}`);

  const hasUtf8Bom = startsWith(sample, UTF8_BOM);
  if (configured !== 'auto') {
    if (!isWideEncoding(configured)) {
      const utf16 = BOMS.find((b) => startsWith(sample, b.bytes))?.encoding ?? utf16WithoutBom(sample);
      if (utf16) {
        throw new FatalRunError(
          'encoding',
          `"${label}" is ${utf16.toUpperCase()} text, not ${configured}. Set the encoding to "auto" (or ${utf16}) and import it again.`,
          { file: label, encoding: configured },
        );
      }
      assertText(sample, label);
    }
    const utf8 = isUtf8Name(configured);
    return { encoding: utf8 ? 'utf-8' : configured, bomLength: utf8 && hasUtf8Bom ? 3 : 0, asciiSample: false };
  }

  if (hasUtf8Bom) return { encoding: 'utf-8', bomLength: 3, asciiSample: false };
  const bom = BOMS.find((b) => startsWith(sample, b.bytes));
  if (bom) return { encoding: bom.encoding, bomLength: 0, asciiSample: false };
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bomLength: 0, asciiSample: false };

  assertText(sample, label);
  if (isAscii(sample)) return { encoding: 'utf-8', bomLength: 0, asciiSample: true };
  if (isUtf8(complete ? sample : withoutPartialCharacter(sample))) return { encoding: 'utf-8', bomLength: 0, asciiSample: false };
  return { encoding: 'windows-1252', bomLength: 0, asciiSample: false };
}

/** Mostly-Latin UTF-16 has a NUL in every other byte: odd bytes for little-endian, even for big-endian. */
function utf16WithoutBom(sample: Buffer): string | undefined {
  const pairs = Math.min(sample.length, 4096) >> 1;
  if (pairs < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  if (oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05) return 'utf-16le';
  if (evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Text has no NUL bytes and hardly any control characters other than tab, line feed, form feed and carriage return. */
function assertText(sample: Buffer, label: string): void {
  if (sample.includes(0)) throw binaryFile(label, 'it contains NUL bytes, which text never has');
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i];
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) controls++;
  }
  if (controls >= 4 && controls > sample.length * 0.01) throw binaryFile(label, 'it is full of control characters, which text never has');
}

function binaryFile(label: string, why: string): FatalRunError {
  return new FatalRunError(
    'binary_file',
    `"${label}" is not a CSV file: ${why}. Open it in the program that made it, save it as CSV (UTF-8) and import that file.`,
    { file: label },
  );
}

/** The sample may end in the middle of a multi-byte character; leave that character out of the UTF-8 check. */
export function withoutPartialCharacter(sample: Buffer): Buffer {
  for (let back = 1; back <= 3 && back <= sample.length; back++) {
    const byte = sample[sample.length - back];
    if ((byte & 0xc0) !== 0x80) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return needed > back ? sample.subarray(0, sample.length - back) : sample;
    }
  }
  return sample;
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((byte, i) => buffer[i] === byte);
}
