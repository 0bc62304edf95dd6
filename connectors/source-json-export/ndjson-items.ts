import { isJsonObject } from '@ferry/sdk';
import { invalidJson, truncated } from './export-errors';
import { checkFormat, checkVersion } from './export-header';
import { overflowIssue, recordTooLarge, type ExportItem, type ExportLimits } from './export-item';
import { kindMatch, type ExportKind } from './export-kinds';
import { readLines } from './line-reader';
import { longText } from './long-text';

/**
 * The run's records of an NDJSON export, one line at a time; a record's row is
 * its line. Blank lines are skipped; a first line with `format` and no `kind`
 * is the export's header. A line that is not JSON is a row error, except the
 * first (the file is no NDJSON) and a last line without a line break (the
 * file was cut short): those fail the run.
 */
export async function* ndjsonItems(chunks: AsyncIterable<Buffer>, kind: ExportKind, limits: ExportLimits, file: string): AsyncGenerator<ExportItem> {
  let first = true;
  for await (const line of readLines(chunks, limits.maxRecordSize)) {
    const row = line.number;
    const position = `line ${row}`;
    if (line.text === undefined) {
      first = false;
      yield { row, position, problem: recordTooLarge(position, line.length, limits) };
      continue;
    }
    if (line.text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line.text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!line.terminated) throw truncated(file, `in the middle of line ${row}`, `line ${row}, column ${line.text.length + 1}`);
      if (first) throw invalidJson(file, `on line ${row}, its first record`, reason);
      yield { row, position, problem: { value: line.text, code: 'invalid_json', message: `Line ${row} is not valid JSON (${reason}), so it was left out. Fix the line, or export the data again.` } };
      continue;
    }
    if (first && isHeader(record)) {
      checkFormat(file, record.format);
      checkVersion(file, record.version);
      first = false;
      continue;
    }
    first = false;
    const match = kindMatch(record, kind, position);
    if (match === 'other') continue;
    if (match !== 'mine') {
      yield { row, position, record, problem: match };
      continue;
    }
    const long = line.length > limits.maxValueLength ? longText(record, limits.maxValueLength) : undefined;
    yield { row, position, record, ...(long ? { problem: overflowIssue(position, long, limits) } : {}) };
  }
}

function isHeader(record: unknown): record is Record<string, unknown> {
  return isJsonObject(record) && Object.hasOwn(record, 'format') && !Object.hasOwn(record, 'kind');
}
