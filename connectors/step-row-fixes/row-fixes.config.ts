import { Option } from '@ferry/sdk';
import { IsArray, IsObject, IsString, Matches, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

const MAX_ROWS = 10_000;
/** `12` for row 12 of a file, `Students:12` for row 12 of the Students sheet (Excel forbids ':' in sheet names). */
export const ROW_KEY = /^(?:[^:]{1,100}:)?[1-9][0-9]{0,9}$/;

/** The key of a row as the admin sees it: its sheet (when the file has sheets) and its row number. */
export function rowKey(at: { sheet?: string; row: number }): string {
  return at.sheet ? `${at.sheet}:${at.row}` : String(at.row);
}

@ValidatorConstraint({ name: 'rowFixes' })
class RowFixes implements ValidatorConstraintInterface {
  validate(fixes: unknown): boolean {
    if (!fixes || typeof fixes !== 'object' || Array.isArray(fixes)) return false;
    const rows = Object.entries(fixes);
    return rows.length <= MAX_ROWS && rows.every(([key, values]) =>
      ROW_KEY.test(key) && values !== null && typeof values === 'object' && !Array.isArray(values)
      && Object.values(values).every((value) => typeof value === 'string'));
  }

  defaultMessage(): string {
    return `fixes must map up to ${MAX_ROWS} row keys ("12" or "Sheet:12") to { column: "new value" }`;
  }
}

export class RowFixesConfig {
  @Option({ title: 'Fixes', description: 'Row key ("12", or "Students:12" in a workbook) → { column key: the value to read instead }.' })
  @IsObject()
  @Validate(RowFixes)
  fixes: Record<string, Record<string, string>> = {};

  @Option({ title: 'Excluded rows', description: 'Row keys to leave out of the import (counted as skipped).' })
  @IsArray()
  @IsString({ each: true })
  @Matches(ROW_KEY, { each: true, message: 'exclude lists row keys: "12", or "Sheet:12" in a workbook' })
  exclude: string[] = [];
}
