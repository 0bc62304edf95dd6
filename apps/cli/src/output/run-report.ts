import type { RunCounts, RunRecord, RunStore } from '@ferry/domain';
import type { RowIssue } from '@ferry/sdk';
import { table } from './table';

export const COUNT_KEYS = ['read', 'created', 'updated', 'unchanged', 'skipped', 'failed'] as const;

export function countsOnly(counts: RunCounts): Record<(typeof COUNT_KEYS)[number], number> {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, counts[k]])) as Record<(typeof COUNT_KEYS)[number], number>;
}

/** The issue as users see it everywhere. */
export function issueView(issue: RowIssue): Pick<RowIssue, 'row' | 'column' | 'value' | 'code' | 'severity' | 'message'> {
  return { row: issue.row, column: issue.column ?? undefined, value: issue.value ?? undefined, code: issue.code, severity: issue.severity, message: issue.message };
}

export function countsTable(counts: RunCounts, dryRun: boolean): string {
  const label = (key: string) => (dryRun && ['created', 'updated', 'unchanged', 'failed'].includes(key) ? `would be ${key === 'failed' ? 'rejected' : key}` : key);
  return table(
    COUNT_KEYS.map(label).concat('warnings'),
    [[...COUNT_KEYS.map((k) => counts[k]), counts.warnings]],
  );
}

/** Issues as a table; `maxWidth` cuts long values and messages (the summary after an import keeps them short). */
export function issuesTable(issues: RowIssue[], maxWidth = 70): string {
  return table(
    ['row', 'column', 'value', 'severity', 'code', 'message'],
    issues.map((i) => [i.row, i.column, i.value, i.severity, i.code, i.message]),
    maxWidth,
  );
}

export function runHeadline(run: Pick<RunRecord, 'id' | 'name' | 'status' | 'dryRun'>): string {
  return `${run.name}${run.dryRun ? ' (dry-run)' : ''} — ${run.status.replace(/_/g, ' ')} — run ${run.id}`;
}

/** A run's issues a page at a time, in row order: a million issues never sit in memory at once. */
export async function* issuePages(runs: RunStore, workspaceId: string, runId: string): AsyncIterable<RowIssue[]> {
  for (let after = '0'; ; ) {
    const page = await runs.issues(workspaceId, runId, after);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].id;
  }
}

/** Prints `{ ...head, "issues": [...] }` as one JSON object, writing issues as they are read. */
export async function printJsonWithIssues(head: Record<string, unknown>, pages: AsyncIterable<RowIssue[]>, tail: Record<string, unknown> = {}): Promise<void> {
  const opening = JSON.stringify(head);
  process.stdout.write(`${opening.slice(0, -1)}${opening.length > 2 ? ',' : ''}"issues":[`);
  let first = true;
  for await (const page of pages) {
    process.stdout.write((first ? '' : ',') + page.map((issue) => JSON.stringify(issueView(issue))).join(','));
    first = false;
  }
  const closing = JSON.stringify(tail);
  process.stdout.write(`]${closing.length > 2 ? `,${closing.slice(1, -1)}` : ''}}\n`);
}
