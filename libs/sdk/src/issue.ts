import type { Row } from './row';

export type Severity = 'error' | 'warning';

/**
 * A problem with one row, in the shape users see everywhere (CLI, API, error report):
 * the row number from their spreadsheet, the column, the value, a stable code and a
 * sentence that says how to fix it.
 */
export interface RowIssue {
  row: number;
  file?: string;
  sheet?: string;
  column?: string;
  value?: string;
  code: string;
  severity: Severity;
  message: string;
}

/** What a step or sink says about a row; the row's origin is added for it. */
export interface IssueInit {
  column?: string;
  value?: unknown;
  code: string;
  message: string;
}

/** Values longer than this are shortened in issues so a 10 MB cell does not become a 10 MB message. */
export const ISSUE_VALUE_LIMIT = 200;

/**
 * A value as issues show it: shortened at a whole character, and with what
 * PostgreSQL cannot store in text (NUL, half of an emoji) replaced by U+FFFD.
 */
export function describeValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  let shown = text;
  if (text.length > ISSUE_VALUE_LIMIT) {
    const end = isHighSurrogate(text.charCodeAt(ISSUE_VALUE_LIMIT - 1)) ? ISSUE_VALUE_LIMIT - 1 : ISSUE_VALUE_LIMIT;
    shown = `${text.slice(0, end)}… (${text.length} characters)`;
  }
  return (shown as string & { toWellFormed(): string }).toWellFormed().replace(/\u0000/g, '\ufffd');
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

export function makeIssue(row: Row, severity: Severity, init: IssueInit): RowIssue {
  return {
    row: row.at.row,
    file: row.at.file,
    sheet: row.at.sheet,
    column: init.column,
    value: describeValue(init.value),
    code: init.code,
    severity,
    message: init.message,
  };
}

/** Rejects the row: it goes on through the steps (so every problem is reported) but is never written. */
export function rejectRow(row: Row, init: IssueInit): void {
  row.issues.push(makeIssue(row, 'error', init));
}

/** Flags the row; it is still written. */
export function warnRow(row: Row, init: IssueInit): void {
  row.issues.push(makeIssue(row, 'warning', init));
}

export function isRejected(row: Row): boolean {
  return row.issues.some((issue) => issue.severity === 'error');
}
