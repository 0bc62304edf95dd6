import { FatalRunError, FerryError, resolveConfig, type ColumnInfo, type Row, type SourceContext, type SourceInput, type SourcePlugin, type StreamInfo } from '@ferry/sdk';
import { mapLines } from '../source-canvas-sis/adapter-rows';
import { xlsxSource, type XlsxConfig } from '../source-xlsx';
import { manifest } from './manifest';
import { ProgressionWorkbookConfig } from './progression-workbook.config';
import { completionRow, contentRow, workbookRows } from './workbook-rows';
import { COMPLETIONS_SHEET, CONTENT_SHEETS, missingSheet, SheetColumns, type SheetSpec } from './workbook-format';

const OUTPUT = {
  completions: [['email', 'email'], ['content', 'uuid'], ['completed_on', 'completed_on'], ['progress', 'progress']],
  content: [['uuid', 'uuid'], ['title', 'title'], ['level', 'sheet'], ['parent_uuid', 'parent_uuid']],
} as const;

/**
 * A progression export workbook read through the xlsx source (streaming,
 * dates as ISO text, Excel's row numbers): the Completions sheet as progress
 * rows, or the content sheets as content tree rows.
 */
export const progressionWorkbookSource: SourcePlugin<ProgressionWorkbookConfig> = {
  manifest,
  config: ProgressionWorkbookConfig,

  async discover(config, context): Promise<StreamInfo[]> {
    const input = inputOf(context);
    const specs = specsFor(config);
    const streams = await sheetErrors(input.label, () => xlsxSource.discover(xlsxConfig(config, specs), { input, signal: context.signal }));
    const read = streams.filter((stream) => stream.details?.read === true);
    for (const spec of specs) {
      const stream = read.find((s) => s.name.toLowerCase() === spec.name.toLowerCase());
      if (stream) new SheetColumns(stream.columns.map((c) => c.key)).require(spec, input.label);
    }
    const columns: ColumnInfo[] = OUTPUT[config.emit].map(([key, header], index) => ({ key, header, index }));
    return [{ name: input.label, columns, details: { emit: config.emit, sheets: read.map((s) => s.name) }, issues: read.flatMap((s) => s.issues ?? []) }];
  },

  async *read(config, context): AsyncGenerator<Row> {
    const input = inputOf(context);
    const specs = specsFor(config);
    const lines = withSheetErrors(input.label, xlsxSource.read(xlsxConfig(config, specs), { input, signal: context.signal }));
    const mapRow = workbookRows(specs, input.label, config.emit === 'content' ? contentRow : completionRow);
    const nothing = config.emit === 'content' ? 'no programme, journey or activity' : 'no completion';
    yield* mapLines(lines, mapRow, input.label, nothing, context.signal);
  },
};

const specsFor = (config: ProgressionWorkbookConfig): readonly SheetSpec[] => (config.emit === 'content' ? CONTENT_SHEETS : [COMPLETIONS_SHEET]);

function xlsxConfig(config: ProgressionWorkbookConfig, specs: readonly SheetSpec[]): XlsxConfig {
  return resolveConfig<XlsxConfig>(xlsxSource, { sheets: specs.map((spec) => spec.name), maxUncompressedBytes: config.maxUncompressedBytes });
}

/** The xlsx source's "no such sheet" is about its option; here the workbook is not the format. */
function translate(error: unknown, file: string): unknown {
  if (error instanceof FerryError && error.code === 'unknown_sheet') return missingSheet(file, String(error.details?.sheet));
  return error;
}

async function sheetErrors<T>(file: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translate(error, file);
  }
}

async function* withSheetErrors(file: string, rows: AsyncIterable<Row>): AsyncGenerator<Row> {
  try {
    yield* rows;
  } catch (error) {
    throw translate(error, file);
  }
}

function inputOf(context: SourceContext): SourceInput {
  if (!context.input) throw new FatalRunError('no_input', 'The progression-workbook source needs a workbook to read, and none was given.');
  return context.input;
}
