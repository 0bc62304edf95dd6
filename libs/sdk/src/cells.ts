/**
 * What counts as blank in a cell, the same for every plugin: spaces, tabs,
 * no-break and zero-width spaces, the BOM, the ideographic space; line breaks
 * only where asked (an email with a line break inside is an error to report,
 * not padding to remove).
 */
export function isBlankChar(code: number, lineBreaks = true): boolean {
  // Among control characters only space and tab are padding; with line breaks, all of them
  // (as String.prototype.trim): otherwise they are content an email check must see.
  if (code <= 0x20) return code === 0x20 || code === 0x09 || lineBreaks;
  if (code === 0x2028 || code === 0x2029) return lineBreaks;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x202f ||
    code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** A cell without the blanks around it (line breaks kept unless `lineBreaks`). */
export function trimCell(text: string, lineBreaks = false): string {
  let start = 0;
  let end = text.length;
  while (start < end && isBlankChar(text.charCodeAt(start), lineBreaks)) start++;
  while (end > start && isBlankChar(text.charCodeAt(end - 1), lineBreaks)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** True for a missing value or a text of blanks only. Non-text values are never blank. */
export function isBlankCell(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'string') return false;
  // Most cells start with a visible character: decide on the first one.
  if (value.length > 0 && !isBlankChar(value.charCodeAt(0))) return false;
  return trimCell(value, true).length === 0;
}
