import { isBlankCell, resolveConfig, type Row, type SourceContext, type SourcePlugin, type StreamInfo } from '@ferry/sdk';
import { csvSource } from '../source-csv';
import type { CsvConfig } from '../source-csv/csv.config';
import { noRows } from '../source-csv/file-errors';
import { assertHeader } from './header-check';
import { manifest } from './manifest';
import { PasteConfig } from './paste.config';

/**
 * A thin source over the csv source (its delimiter detection, parsing, row
 * numbers and row issues) with a header row required, and the empty rows a
 * spreadsheet copy leaves (lines of tabs only) left out.
 */
export const pasteSource: SourcePlugin<PasteConfig> = {
  manifest,
  config: PasteConfig,

  async discover(config, context): Promise<StreamInfo[]> {
    const [stream] = await checkedStream(config, context);
    for await (const row of pastedRows(config, context)) {
      void row;
      return [{ ...stream, details: { ...stream.details, pasted: true } }];
    }
    throw noRows(stream.name);
  },

  async *read(config, context): AsyncGenerator<Row> {
    const [stream] = await checkedStream(config, context);
    let emitted = 0;
    for await (const row of pastedRows(config, context)) {
      emitted++;
      yield row;
    }
    if (emitted === 0) throw noRows(stream.name);
  },
};

async function checkedStream(config: PasteConfig, context: SourceContext): Promise<StreamInfo[]> {
  const streams = await csvSource.discover(csvConfigOf(config), context);
  assertHeader(streams[0], streams[0].name);
  return streams;
}

async function* pastedRows(config: PasteConfig, context: SourceContext): AsyncGenerator<Row> {
  for await (const row of csvSource.read(csvConfigOf(config), context)) {
    if (!isEmptyLine(row)) yield row;
  }
}

function csvConfigOf(config: PasteConfig): CsvConfig {
  return resolveConfig<CsvConfig>(csvSource, { delimiter: config.delimiter, header: true, encoding: 'auto', maxFieldSize: config.maxFieldSize });
}

/** A line of delimiters only (an empty spreadsheet row): nothing to import, and no problem either. */
function isEmptyLine(row: Row): boolean {
  return row.issues.every((issue) => issue.code === 'ragged_row') && Object.values(row.values).every((value) => isBlankCell(value));
}
