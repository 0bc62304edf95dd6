import type { RowValues, SourceContext } from '@ferry/sdk';

/** What this source keeps between runs (the schedule's `state`). */
export interface SyncState {
  /** The latest change time seen, exactly as the platform wrote it; sent back as the changed-since filter. */
  updatedSince: string;
}

/**
 * The changed-since time of a saved state. A state this source cannot read
 * (edited by hand, from another source) means a full read: that is safe,
 * because sinks upsert, and the run then saves a good state.
 */
export function sinceOf(state: unknown): string | undefined {
  const since = (state as Partial<SyncState> | null | undefined)?.updatedSince;
  return typeof since === 'string' && !Number.isNaN(Date.parse(since)) ? since : undefined;
}

/** Follows the latest change time among the records of one run. */
export class ChangeTracker {
  private latest: { text: string; time: number } | undefined;

  constructor(
    private readonly field: string,
    previous: string | undefined,
  ) {
    if (previous !== undefined) this.latest = { text: previous, time: Date.parse(previous) };
  }

  see(values: RowValues): void {
    const value = values[this.field];
    if (typeof value !== 'string') return;
    const time = Date.parse(value);
    if (!Number.isNaN(time) && (this.latest === undefined || time > this.latest.time)) this.latest = { text: value, time };
  }

  /** The state for the next run: the latest time seen, never earlier than the previous state. */
  state(): SyncState | undefined {
    return this.latest && { updatedSince: this.latest.text };
  }
}

/**
 * The state each run's read arrived at, by the context the engine handed it:
 * the engine asks `nextState(config, context)` with the same context once
 * every row is committed. A read that did not finish leaves nothing here.
 */
const finishedReads = new WeakMap<SourceContext, SyncState | undefined>();

export function recordNextState(context: SourceContext, state: SyncState | undefined): void {
  finishedReads.set(context, state);
}

export function nextStateOf(context: SourceContext): SyncState | undefined {
  return finishedReads.get(context);
}
