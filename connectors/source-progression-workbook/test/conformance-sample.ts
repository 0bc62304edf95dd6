import ExcelJS from 'exceljs';
import { bufferInput, type SourceInput } from '@ferry/sdk';

/** The conformance suite's table (connectors/conformance.spec.ts) as a progression workbook's Completions sheet: email and __proto__ columns, two rows. */
export async function conformanceSample(): Promise<{ input: SourceInput }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Completions');
  sheet.addRow(['email', 'uuid', 'completed_on', '__proto__']);
  sheet.addRow(['ada@example.com', 'a1b2c3d4-0000-4000-8000-000000000111', '2026-03-01', 'x']);
  sheet.addRow(['alan@example.com', 'a1b2c3d4-0000-4000-8000-000000000111', '2026-03-02', 'y']);
  return { input: bufferInput(Buffer.from(await workbook.xlsx.writeBuffer()), 'progression.xlsx') };
}
