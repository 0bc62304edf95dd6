import {
  createRow,
  createValues,
  FatalRunError,
  rejectRow,
  type ColumnInfo,
  type Row,
  type RowIssue,
  type SourceContext,
  type SourceInput,
  type SourcePlugin,
  type StreamInfo,
} from '@ferry/sdk';
import { CsvConfig } from './csv.config';
import { openCsv, UnclosedQuote, type CsvFile, type RecordBatch } from './csv-records';
import { emptyFile, noRows } from './file-errors';
import { columnLetter, columnsFromHeader, numberedColumns } from './header-columns';
import { manifest } from './manifest';
import { parsesOffThread } from './parse-thread';
import { rowBuilder } from './row-builder';

export const csvSource: SourcePlugin<CsvConfig> = {
  manifest,
  config: CsvConfig,

  async discover(config, context): Promise<StreamInfo[]> {
    const input = inputOf(context);
    const file = await openCsv(input, config);
    try {
      const table = await readHeader(file, config, input.label);
      if (!(await hasDataRow(table.rest, file))) throw noRows(input.label);
      return [
        {
          name: input.label,
          columns: table.columns,
          details: { encoding: file.encoding, delimiter: file.delimiter, header: config.header },
          issues: table.issues,
        },
      ];
    } finally {
      await file.close();
    }
  },

  async *read(config, context): AsyncGenerator<Row> {
    const input = inputOf(context);
    const file = await openCsv(input, config, { offThread: parsesOffThread(input.size) });
    try {
      const table = await readHeader(file, config, input.label);
      const toRow = rowBuilder(table.columns, config.maxFieldSize, file.delimiter, input.label);
      let emitted = 0;
      try {
        for (let batch: RecordBatch | undefined = table.rest; batch; batch = await nextBatch(file)) {
          if (context.signal?.aborted) return;
          const { records, rows } = batch;
          for (let i = 0; i < records.length; i++) {
            if (isBlank(records[i])) continue;
            emitted++;
            yield toRow(records[i], rows[i]);
          }
        }
      } catch (error) {
        if (!(error instanceof UnclosedQuote)) throw error;
        emitted++;
        yield unclosedQuoteRow(error, table.columns, input.label);
      }
      if (emitted === 0) throw noRows(input.label);
    } finally {
      await file.close();
    }
  },
};

interface Table {
  columns: ColumnInfo[];
  issues: RowIssue[];
  /** The records after the header (from the first one itself when there is no header row). */
  rest: RecordBatch;
}

/** Reads the first record: the header row, or the first data row when there is none. */
async function readHeader(file: CsvFile, config: CsvConfig, label: string): Promise<Table> {
  let batch: RecordBatch | undefined;
  try {
    batch = await nextBatch(file);
  } catch (error) {
    if (!(error instanceof UnclosedQuote)) throw error;
    throw new FatalRunError(
      'unclosed_quote',
      `Row ${error.row} of "${label}" opens a quote (") that is never closed, so the whole file reads as one cell. Close the quote, or write it twice ("") if it is part of the text, and import the file again.`,
      { file: label, row: error.row },
    );
  }
  if (!batch) throw emptyFile(label);
  const cells = batch.records[0];
  const row = batch.rows[0];
  const tooLong = cells.findIndex((cell) => cell.length > config.maxFieldSize);
  if (tooLong >= 0) {
    throw new FatalRunError(
      'field_too_large',
      `Cell ${columnLetter(tooLong)}${row} of "${label}" has more than ${config.maxFieldSize.toLocaleString('en-US')} characters, so this is probably not a CSV file. Check you chose the right file.`,
      { file: label, row },
    );
  }
  const skip = config.header ? 1 : 0;
  const rest = { records: batch.records.slice(skip), rows: batch.rows.slice(skip) };
  if (!config.header) return { columns: numberedColumns(cells.length), issues: [], rest };
  return { ...columnsFromHeader(cells, row, label), rest };
}

async function nextBatch(file: CsvFile): Promise<RecordBatch | undefined> {
  const next = await file.batches.next();
  return next.done ? undefined : next.value;
}

/** Whether a data row follows the header; a quote never closed still makes a (rejected) row. */
async function hasDataRow(rest: RecordBatch, file: CsvFile): Promise<boolean> {
  try {
    for (let batch: RecordBatch | undefined = rest; batch; batch = await nextBatch(file)) {
      if (batch.records.some((record) => !isBlank(record))) return true;
    }
    return false;
  } catch (error) {
    if (error instanceof UnclosedQuote) return true;
    throw error;
  }
}

function unclosedQuoteRow(error: UnclosedQuote, columns: ColumnInfo[], file: string): Row {
  const row = createRow(createValues(), { file, row: error.row });
  const column = error.index === undefined ? undefined : (columns[error.index]?.key ?? `Column ${columnLetter(error.index)}`);
  rejectRow(row, {
    column,
    code: 'unclosed_quote',
    message: `Row ${error.row} opens a quote (") that is never closed, so everything from there to the end of the file was read as one cell and could not be imported. Close the quote, or write it twice ("") if it is part of the text, and import the file again.`,
  });
  return row;
}

/** A line of nothing but spaces (or one empty quoted cell): a spreadsheet shows an empty row, and there is nothing to import. */
function isBlank(cells: string[]): boolean {
  return cells.length === 1 && cells[0].trim() === '';
}

function inputOf(context: SourceContext): SourceInput {
  if (!context.input) throw new FatalRunError('no_input', 'The csv source needs a file to read, and none was given.');
  return context.input;
}
