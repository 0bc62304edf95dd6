import type { ColumnInfo, Row, SourceContext, SourcePlugin, StreamInfo } from '@ferry/sdk';
import { describeUrl, endpointOf } from './endpoint';
import { manifest } from './manifest';
import { readPage, type PageReading } from './page-reader';
import { checkNotRepeated, pagingOf, type Paging } from './paging';
import { PlatformApiConfig } from './platform-api.config';
import { recordKeys, recordRow } from './record-row';
import { ChangeTracker, nextStateOf, recordNextState, sinceOf } from './sync-state';
import { tokenOf } from './token';

export const platformApiSource: SourcePlugin<PlatformApiConfig> = {
  manifest,
  config: PlatformApiConfig,

  /** Columns from a sample of the first page. The saved state is not applied: a run that finds nothing new still knows its columns. */
  async discover(config, context): Promise<StreamInfo[]> {
    const endpoint = endpointOf(config.baseUrl, config.resource);
    const paging = pagingOf(config, endpoint, undefined, Math.min(config.sampleSize, config.pageSize));
    const first = paging.first();
    const keys = new Set<string>();
    let sampled = 0;
    try {
      for await (const record of readPage(first, 1, pageReading(config, context, paging)).records) {
        for (const key of recordKeys(record)) keys.add(key);
        if (++sampled >= config.sampleSize) break; // leaves the rest of the page unread
      }
    } catch (error) {
      if (!context.signal?.aborted) throw error;
    }
    const columns: ColumnInfo[] = [...keys].map((key, index) => ({ key, header: key, index }));
    return [{ name: endpoint.label, columns, details: { url: describeUrl(first), pagination: config.pagination, sampled } }];
  },

  /** Every page in turn, one record at a time; a finished read keeps the next run's state for `nextState`. */
  async *read(config, context): AsyncGenerator<Row> {
    const endpoint = endpointOf(config.baseUrl, config.resource);
    const since = sinceOf(context.state);
    const paging = pagingOf(config, endpoint, since);
    const reading = pageReading(config, context, paging);
    const changes = new ChangeTracker(config.updatedAtField, since);
    let ordinal = 0;
    let previousFirst: string | undefined;
    try {
      for (let url: URL | undefined = paging.first(), page = 1; url; page++) {
        const { records, facts } = readPage(url, page, reading);
        let position = 0;
        let first: string | undefined;
        for await (const record of records) {
          if (context.signal?.aborted) return;
          if (position === 0) checkNotRepeated(previousFirst, (first = JSON.stringify(record) ?? ''), url);
          const row = recordRow(record, { file: endpoint.label, row: ++ordinal }, { page, position: ++position }, config.idField);
          changes.see(row.values);
          yield row;
        }
        url = paging.next(url, facts, position);
        previousFirst = first;
      }
    } catch (error) {
      // Aborted: stop quietly, as every source does; the engine knows why.
      if (context.signal?.aborted) return;
      throw error;
    }
    if (!context.signal?.aborted) recordNextState(context, changes.state());
  },

  /** The cursor a finished read arrived at: the latest change time seen, or the previous one when nothing changed. */
  nextState(_config, context) {
    return nextStateOf(context);
  },
};

function pageReading(config: PlatformApiConfig, context: SourceContext, paging: Paging): PageReading {
  const token = tokenOf(config);
  return {
    http: { token: token.value, timeoutMs: config.timeoutMs, signal: context.signal },
    token,
    layout: paging.layout,
    maxRetries: config.maxRetries,
    retryBaseMs: config.retryBaseMs,
    itemsPath: config.itemsPath,
  };
}
