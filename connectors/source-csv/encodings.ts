import iconv from 'iconv-lite';

export function isKnownEncoding(name: string): boolean {
  return iconv.encodingExists(name);
}

/** UTF-8 under any of its spellings: those bytes go to the parser as they are. */
export function isUtf8Name(name: string): boolean {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '') === 'utf8';
}

/** Encodings whose text is full of NUL bytes, so a NUL says nothing about binary content. */
export function isWideEncoding(name: string): boolean {
  return /^(utf|ucs)-?(16|32|2|4)/i.test(name.replace(/_/g, '-'));
}
