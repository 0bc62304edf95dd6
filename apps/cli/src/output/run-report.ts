import type { RunCounts, RunRecord } from '@ferry/domain';
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

export function issuesTable(issues: RowIssue[]): string {
  return table(
    ['row', 'column', 'value', 'severity', 'code', 'message'],
    issues.map((i) => [i.row, i.column, i.value, i.severity, i.code, i.message]),
    70,
  );
}

export function runHeadline(run: Pick<RunRecord, 'id' | 'name' | 'status' | 'dryRun'>): string {
  return `${run.name}${run.dryRun ? ' (dry-run)' : ''} — ${run.status.replace(/_/g, ' ')} — run ${run.id}`;
}
