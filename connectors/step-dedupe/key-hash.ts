/** The two 32-bit halves of a key's hash; written by {@link hashKey}, read right after. */
export const keyHash = { high: 0, low: 0 };

/**
 * Hashes the key as the sink compares it (trimmed, lower-cased) without
 * building that string for plain ASCII text. Returns false for a blank key.
 *
 * The halves come from two unrelated hashes, FNV-1a and Jenkins'
 * one-at-a-time (which ends in an avalanche, so it also picks the table slot).
 * Both are written with shifts and adds: Math.imul is 40 times slower in a
 * `vm` context such as Jest's.
 */
export function hashKey(text: string): boolean {
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return false;

  let fnv = 0x811c9dc5;
  let oaat = 0;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0x80) return hashUnicode(text);
    if (code >= 65 && code <= 90) code += 32;
    fnv ^= code;
    fnv = (fnv + (fnv << 1) + (fnv << 4) + (fnv << 7) + (fnv << 8) + (fnv << 24)) | 0; // × 16777619
    oaat = (oaat + code) | 0;
    oaat = (oaat + (oaat << 10)) | 0;
    oaat ^= oaat >>> 6;
  }
  store(fnv, oaat);
  return true;
}

/** Text with non-ASCII characters: the same hashes, over the string the sink would build. */
function hashUnicode(text: string): boolean {
  const key = text.trim().toLowerCase();
  if (key === '') return false;
  let fnv = 0x811c9dc5;
  let oaat = 0;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    fnv ^= code;
    fnv = (fnv + (fnv << 1) + (fnv << 4) + (fnv << 7) + (fnv << 8) + (fnv << 24)) | 0;
    oaat = (oaat + code) | 0;
    oaat = (oaat + (oaat << 10)) | 0;
    oaat ^= oaat >>> 6;
  }
  store(fnv, oaat);
  return true;
}

function store(fnv: number, oaat: number): void {
  oaat = (oaat + (oaat << 3)) | 0;
  oaat ^= oaat >>> 11;
  oaat = (oaat + (oaat << 15)) | 0;
  keyHash.high = fnv >>> 0;
  keyHash.low = oaat >>> 0;
}

function isAsciiSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}
