import ExcelJS from 'exceljs';
import { bufferInput, resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { progressionWorkbookSource } from '..';
import type { ProgressionWorkbookConfig } from '../progression-workbook.config';

export const PROGRAMME = 'a1b2c3d4-0000-4000-8000-000000000001';
export const JOURNEYS = ['a1b2c3d4-0000-4000-8000-000000000011', 'a1b2c3d4-0000-4000-8000-000000000012'];
export const ACTIVITIES = [
  'a1b2c3d4-0000-4000-8000-000000000111', 'a1b2c3d4-0000-4000-8000-000000000112',
  'a1b2c3d4-0000-4000-8000-000000000121', 'a1b2c3d4-0000-4000-8000-000000000122',
];

type Cell = string | number | Date | null;

/** A progression export as the README describes it; `sheets` replaces or adds sheets (by name), null leaves one out. */
export async function progressionWorkbook(sheets: Record<string, Cell[][] | null> = {}): Promise<Buffer> {
  const standard: Record<string, Cell[][]> = {
    Programmes: [['uuid', 'title'], [PROGRAMME, 'Piano']],
    Journeys: [['uuid', 'title', 'parent_uuid'], [JOURNEYS[0], 'Scales', PROGRAMME], [JOURNEYS[1], 'Chords', PROGRAMME]],
    Activities: [
      ['uuid', 'title', 'parent_uuid'],
      [ACTIVITIES[0], 'C major', JOURNEYS[0]], [ACTIVITIES[1], 'G major', JOURNEYS[0]],
      [ACTIVITIES[2], 'Triads', JOURNEYS[1]], [ACTIVITIES[3], 'Sevenths', JOURNEYS[1]],
    ],
    Completions: [
      ['email', 'uuid', 'Completed on'],
      ['ada@example.com', ACTIVITIES[0], new Date(Date.UTC(2026, 2, 1))], // a date cell
      ['ada@example.com', JOURNEYS[1].toUpperCase(), '2026-03-05'], // a journey, as text
      ['alan@example.com', PROGRAMME, '02/03/2026'], // a programme: everything in it
      ['ada@example.com', 'not-a-uuid', '2026-03-01'], // row 5: a bad uuid
      ['nobody@example.com', ACTIVITIES[1], '2026-03-01'], // row 6: no such contact
    ],
  };
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries({ ...standard, ...sheets })) {
    if (!rows) continue;
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const input = (data: Buffer, label = 'progression.xlsx'): SourceInput => bufferInput(data, label);

export function workbookConfig(raw: Record<string, unknown> = {}): ProgressionWorkbookConfig {
  return resolveConfig<ProgressionWorkbookConfig>(progressionWorkbookSource, raw);
}

export async function discover(source: SourceInput, raw: Record<string, unknown> = {}): Promise<StreamInfo> {
  const [stream] = await progressionWorkbookSource.discover(workbookConfig(raw), { input: source });
  return stream;
}

export async function readRows(source: SourceInput, raw: Record<string, unknown> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of progressionWorkbookSource.read(workbookConfig(raw), { input: source })) rows.push(row);
  return rows;
}

/** Rows as [sheet, row, values]. */
export const plain = (rows: Row[]) => rows.map((row) => [row.at.sheet, row.at.row, { ...row.values }]);
