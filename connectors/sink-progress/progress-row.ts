import { columnOf, isBlankCell, trimCell, type IssueInit, type Row } from '@ferry/sdk';
import { parseCompletionDate, type DateOrder } from './completion-date';

/** What one row asks: this contact completed this content on this date. */
export interface ProgressRequest {
  email: string;
  emailKey: string;
  /** Lower-case, without braces. */
  uuid: string;
  completedOn: string;
}

export interface RowReading {
  dateOrder: DateOrder;
  /** The run's date (UTC), for rows without one. */
  today: string;
}

const UUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const COMPLETE = new Set(['100', '100%', 'complete', 'completed', 'done', 'yes', 'true']);

/** Reads a mapped row, checking what needs no database; the first problem found is the row's error. */
export function readProgressRow(row: Row, reading: RowReading): ProgressRequest | IssueInit {
  const v = row.values;
  if (isBlankCell(v.email)) {
    return { column: columnOf(row, 'email'), value: v.email, code: 'missing_email', message: 'The email address is empty; progress needs the contact it belongs to.' };
  }
  const email = trimCell(String(v.email), true);
  if (isBlankCell(v.content)) {
    return { column: columnOf(row, 'content'), value: v.content, code: 'missing_content', message: 'The content uuid is empty; name the activity, journey or programme completed.' };
  }
  const content = trimCell(String(v.content), true);
  const uuid = UUID.exec(content)?.[1].toLowerCase();
  if (!uuid) {
    return { column: columnOf(row, 'content'), value: content, code: 'unknown_content', message: `"${content}" is not a content uuid (like 1b4e28ba-2fa1-11d2-883f-0016d3cca427).` };
  }
  if (!isBlankCell(v.progress) && !isCompletion(v.progress)) {
    return {
      column: columnOf(row, 'progress'),
      value: v.progress,
      code: 'partial_progress',
      message: 'Only completions are imported: this row is not marked complete (100%, complete, done, yes). Leave it out until it is completed.',
    };
  }
  let completedOn = reading.today;
  if (!isBlankCell(v.completed_on)) {
    const parsed = parseCompletionDate(typeof v.completed_on === 'string' ? trimCell(v.completed_on, true) : v.completed_on, reading.dateOrder);
    if (!('date' in parsed)) return { column: columnOf(row, 'completed_on'), value: v.completed_on, ...parsed };
    completedOn = parsed.date;
  }
  return { email, emailKey: email.toLowerCase(), uuid, completedOn };
}

/** 100, 100 %, 100.0, complete, done, yes, true (any case). */
function isCompletion(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const text = trimCell(String(value), true).toLowerCase().replace(/\s+/g, '').replace(/^100[.,]0+/, '100');
  return COMPLETE.has(text);
}
