import { FatalRunError, trimCell, type StreamInfo } from '@ferry/sdk';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Numbers, amounts, percentages and phone numbers: digits with separators. */
const NUMBER = /^[+-]?[\d\s.,()/-]*\d[\d\s.,()/-]*%?$/;

/**
 * A pasted table must start with its column names. A first line holding an
 * email address, or made only of numbers and dates, is data: refuse it with
 * a message that says to add the header, rather than import every row
 * under made-up column names.
 */
export function assertHeader(stream: StreamInfo, label: string): void {
  const cells = stream.columns.map((column) => trimCell(column.header, true)).filter((cell) => cell !== '');
  const email = cells.find((cell) => EMAIL.test(cell));
  const why = email ? `it holds an email address (${email})` : cells.length > 0 && cells.every((cell) => NUMBER.test(cell)) ? 'it holds only numbers' : undefined;
  if (!why) return;
  const line = cells.join(', ');
  throw new FatalRunError(
    'no_header',
    `The ${label === 'pasted' ? 'pasted table' : `table in "${label}"`} has no header row: its first line ("${line.length > 80 ? `${line.slice(0, 80)}…` : line}") looks like data, as ${why}. Add a line with the column names above the rows (for example: Email, First name, Last name) and paste it again.`,
    { file: label, row: 1 },
  );
}
