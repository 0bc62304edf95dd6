import { FatalRunError, FerryError, type Row, type RowIssue, type SourceContext, type SourceInput, type SourcePlugin, type StreamInfo } from '@ferry/sdk';
import { noRows, noSheetWithData } from './file-errors';
import { manifest } from './manifest';
import { rowMaker, sheetColumns } from './row-maker';
import { chosenSheets, valuesFor } from './sheet-choice';
import { openTable, type SheetHeader } from './sheet-table';
import { openWorkbook, readSheets, type SheetInfo, type Workbook } from './workbook';
import { XlsxConfig } from './xlsx.config';

export const xlsxSource: SourcePlugin<XlsxConfig> = {
  manifest,
  config: XlsxConfig,

  /**
   * Lists every sheet with its columns: the sheets `read` reads first (tab
   * order), then the others. The sheets it reads are checked to the end, so
   * a damaged workbook fails here, before anything is written.
   */
  async discover(config, context): Promise<StreamInfo[]> {
    const input = inputOf(context);
    const workbook = await openWorkbook(input, config.maxUncompressedBytes);
    const chosen = new Set(chosenSheets(workbook, config));
    const scans = await scanSheets(workbook, chosen, config.headerRow);
    const reading = workbook.sheets.filter((sheet) => chosen.has(sheet) && scans.get(sheet)?.header);
    if (reading.length === 0) throw noSheetWithData(input.label, hiddenSheets(workbook));
    if (!reading.some((sheet) => scans.get(sheet)!.hasRows)) throw noRows(input.label, reading.map((sheet) => sheet.name));

    const others = workbook.sheets.filter((sheet) => !reading.includes(sheet));
    const streams = [...reading, ...others].map((sheet): StreamInfo => {
      const scan = scans.get(sheet);
      return {
        name: sheet.name,
        columns: scan?.header ? sheetColumns(scan.header, valuesFor(config, sheet)) : [],
        details: {
          position: sheet.position + 1,
          state: sheet.state,
          kind: sheet.part ? 'worksheet' : 'chart',
          read: reading.includes(sheet),
          headerRow: scan?.header?.row ?? null,
          lastRow: scan?.lastRow ?? null,
          date1904: workbook.cells.date1904,
          ...(scan?.problem ? { problem: scan.problem } : {}),
        },
        issues: scan?.header?.issues ?? [],
      };
    });
    streams[0].issues = [...emptySheetNotes(workbook, chosen, scans, reading[0]), ...(streams[0].issues ?? [])];
    return streams;
  },

  async *read(config, context): AsyncGenerator<Row> {
    const input = inputOf(context);
    const workbook = await openWorkbook(input, config.maxUncompressedBytes);
    const withHeader: string[] = [];
    let emitted = 0;
    for await (const stream of readSheets(workbook, chosenSheets(workbook, config))) {
      const table = await openTable(stream, config.headerRow, input.label);
      if (!table) continue;
      withHeader.push(stream.sheet.name);
      const toRow = rowMaker(table.header, valuesFor(config, stream.sheet), stream.sheet.name, input.label);
      for await (const sheetRow of table.rows) {
        if (context.signal?.aborted) return;
        emitted++;
        yield toRow(sheetRow);
      }
    }
    if (withHeader.length === 0) throw noSheetWithData(input.label, hiddenSheets(workbook));
    if (emitted === 0) throw noRows(input.label, withHeader);
  },
};

interface SheetScan {
  header?: SheetHeader;
  hasRows: boolean;
  /** Known for the sheets read, which are checked to the end. */
  lastRow?: number;
  /** Why a sheet that is not read could not be looked at. */
  problem?: string;
}

/**
 * One pass over the sheets: the header and first row of each, and for the
 * sheets to be read, every row (without building values) so that damage
 * anywhere in them is found now.
 */
async function scanSheets(workbook: Workbook, chosen: Set<SheetInfo>, headerRow: number | undefined): Promise<Map<SheetInfo, SheetScan>> {
  const scans = new Map<SheetInfo, SheetScan>();
  const label = workbook.input.label;
  for await (const stream of readSheets(workbook, workbook.sheets)) {
    const full = chosen.has(stream.sheet);
    try {
      const table = await openTable(stream, headerRow, label);
      if (!table) {
        scans.set(stream.sheet, { hasRows: false, lastRow: stream.handler.lastRowNumber });
        continue;
      }
      const first = await table.rows.next();
      if (full) {
        stream.handler.collect = false;
        for await (const _ of table.rows) void _;
      }
      scans.set(stream.sheet, { header: table.header, hasRows: !first.done, lastRow: full ? stream.handler.lastRowNumber : undefined });
    } catch (error) {
      // A sheet that is not read cannot fail the run; it is only described.
      if (full || !(error instanceof FerryError)) throw error;
      scans.set(stream.sheet, { hasRows: false, problem: error.message });
    }
  }
  return scans;
}

/** Tells the user which sheets were passed over for having nothing in them. */
function emptySheetNotes(workbook: Workbook, chosen: Set<SheetInfo>, scans: Map<SheetInfo, SheetScan>, first: SheetInfo): RowIssue[] {
  return workbook.sheets
    .filter((sheet) => chosen.has(sheet) && !scans.get(sheet)?.header)
    .map((sheet) => ({
      row: 1,
      file: workbook.input.label,
      sheet: sheet.name,
      code: 'empty_sheet',
      severity: 'warning' as const,
      message: `Sheet "${sheet.name}" is empty, so it was skipped; rows are read from "${first.name}"${chosen.size > 2 ? ' and the other sheets with data' : ''}.`,
    }));
}

function hiddenSheets(workbook: Workbook): string[] {
  return workbook.sheets.filter((sheet) => sheet.state !== 'visible' && sheet.part).map((sheet) => sheet.name);
}

function inputOf(context: SourceContext): SourceInput {
  if (!context.input) throw new FatalRunError('no_input', 'The xlsx source needs a workbook to read, and none was given.');
  return context.input;
}
