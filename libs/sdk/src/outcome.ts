import type { IssueInit } from './issue';

export type OutcomeStatus = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';

/**
 * What a sink did with one row. In a dry-run the same statuses mean "would be".
 * A `failed` outcome carries the issue that explains it.
 */
export interface Outcome {
  status: OutcomeStatus;
  issue?: IssueInit;
}

export const OUTCOME_STATUSES: readonly OutcomeStatus[] = ['created', 'updated', 'unchanged', 'skipped', 'failed'];
