import { FerryError, type ColumnInfo, type Row, type SourcePlugin, type StreamInfo } from '@ferry/sdk';
import { KINDS } from './export-kinds';
import { openExport, inputOf } from './export-items';
import { exportRow, recordKeys } from './export-row';
import { JsonExportConfig } from './json-export.config';
import { manifest } from './manifest';

/** Errors of JSON that breaks, as opposed to a file that is not an export at all. */
const BREAKS = new Set(['truncated_export', 'invalid_json']);

export const jsonExportSource: SourcePlugin<JsonExportConfig> = {
  manifest,
  config: JsonExportConfig,

  /**
   * The format's keys for the kind, then the other keys (custom fields) of the
   * first `sampleSize` records of the kind, read on a pass of their own; a file
   * that is not an export, or whose JSON breaks before its first record of the kind, fails here.
   */
  async discover(config, context): Promise<StreamInfo[]> {
    const file = inputOf(context).label;
    const kind = KINDS[config.kind];
    const { format, items } = await openExport(config, context);
    const keys = new Set<string>(kind.columns);
    let sampled = 0;
    try {
      for await (const item of items) {
        for (const key of recordKeys(item.record)) keys.add(key);
        if (++sampled >= config.sampleSize) break;
      }
    } catch (error) {
      // JSON that breaks after some records is the read's to report: it fails there, after committing the records before.
      if (!(sampled > 0 && error instanceof FerryError && BREAKS.has(error.code))) throw error;
    } finally {
      await items.return(undefined);
    }
    const columns: ColumnInfo[] = [...keys].map((key, index) => ({ key, header: key, index }));
    return [{ name: config.kind, columns, details: { file, format, kind: config.kind, sink: kind.sink, sampled } }];
  },

  /** Every record of the kind, in file order; rows are numbered by position in their list (JSON) or by line (NDJSON). */
  async *read(config, context): AsyncGenerator<Row> {
    const file = inputOf(context).label;
    const kind = KINDS[config.kind];
    const { items } = await openExport(config, context);
    try {
      for await (const item of items) {
        if (context.signal?.aborted) return;
        yield exportRow(item, kind, file);
      }
    } catch (error) {
      // Aborted: stop quietly, as every source does; the engine knows why.
      if (context.signal?.aborted) return;
      throw error;
    } finally {
      await items.return(undefined);
    }
  },
};
