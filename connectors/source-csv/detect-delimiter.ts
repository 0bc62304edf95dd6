import { DELIMITERS, type Delimiter } from './csv.config';

const RECORDS_TO_CHECK = 50;

/**
 * Picks the delimiter that splits the first records into the same number of
 * cells most consistently; on a tie, the one giving more cells, then the
 * earlier in `DELIMITERS`. Delimiters inside quoted cells do not count.
 * A file with none of them is one column; comma is as good as any.
 */
export function detectDelimiter(text: string, complete: boolean): Delimiter {
  let best: { delimiter: Delimiter; share: number; cells: number } = { delimiter: ',', share: 0, cells: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = delimitersPerRecord(text, delimiter, complete);
    const { value, share } = mostCommonNonZero(counts);
    if (value === 0) continue;
    if (share > best.share || (share === best.share && value > best.cells)) best = { delimiter, share, cells: value };
  }
  return best.delimiter;
}

/** How many delimiters each non-blank record has, outside quotes, with the same quote rules as the parser. */
function delimitersPerRecord(text: string, delimiter: string, complete: boolean): number[] {
  const counts: number[] = [];
  const sep = delimiter.charCodeAt(0);
  let count = 0;
  let fieldStart = true;
  let quoted = false;
  let blank = true;
  for (let i = 0; i < text.length && counts.length < RECORDS_TO_CHECK; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      }
      continue;
    }
    if (c === CR || c === LF) {
      if (!blank) counts.push(count);
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      count = 0;
      fieldStart = true;
      blank = true;
      continue;
    }
    blank = false;
    if (c === sep) {
      count++;
      fieldStart = true;
      continue;
    }
    if (c === QUOTE && fieldStart) quoted = true;
    fieldStart = false;
  }
  // The last record of a sample that stops mid-file may be cut short: use it only if nothing else is there.
  if (!blank && (complete || counts.length === 0)) counts.push(count);
  return counts;
}

function mostCommonNonZero(counts: number[]): { value: number; share: number } {
  const tally = new Map<number, number>();
  for (const count of counts) if (count > 0) tally.set(count, (tally.get(count) ?? 0) + 1);
  let value = 0;
  let times = 0;
  for (const [count, n] of tally) {
    if (n > times || (n === times && count > value)) [value, times] = [count, n];
  }
  return { value, share: counts.length ? times / counts.length : 0 };
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
