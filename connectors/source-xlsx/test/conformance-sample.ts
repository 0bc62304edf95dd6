import { bufferInput, type SourceInput } from '@ferry/sdk';
import { excelWorkbook } from './workbooks';

/** The conformance suite's table (connectors/conformance.spec.ts) as a workbook. */
export async function conformanceSample(): Promise<{ input: SourceInput }> {
  const data = await excelWorkbook((workbook) => {
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(['email', '__proto__']);
    sheet.addRow(['ada@example.com', 'x']);
    sheet.addRow(['alan@example.com', 'y']);
  });
  return { input: bufferInput(data, 'people.xlsx') };
}
