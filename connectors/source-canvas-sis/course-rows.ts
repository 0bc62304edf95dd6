import type { Row } from '@ferry/sdk';
import { outRow, rejectedRow, skip, type Mapped } from './adapter-rows';
import type { CanvasHeader } from './canvas-files';

/** courses.csv lines as { course_id, product | offer }: the names enrollments.csv will grant (no sink takes them yet). */
export function courseRows(header: CanvasHeader, nameColumn: string, target: string): (row: Row) => Mapped {
  return (row) => {
    const id = header.cell(row, 'course_id');
    if (!id) return [rejectedRow(row.at, { column: header.header('course_id'), code: 'missing_course', message: 'This course has no course_id.' })];
    if (header.cell(row, 'status').toLowerCase() === 'deleted') {
      return skip({ column: header.header('status'), value: 'deleted', code: 'deleted_course', message: 'This course is deleted in Canvas, so it was left out.' });
    }
    const name = nameColumn === 'course_id' ? id : header.cell(row, nameColumn);
    return [outRow(row.at, [['course_id', id, header.header('course_id')], [target, name, header.header(nameColumn)]])];
  };
}
