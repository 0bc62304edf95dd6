import { bufferInput, resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { jsonExportSource } from '..';
import type { JsonExportConfig } from '../json-export.config';

export const configOf = (raw: Record<string, unknown> = {}) => resolveConfig<JsonExportConfig>(jsonExportSource, raw);

/** An export as an input, `chunkSize` bytes at a time when given. */
export const exportInput = (text: string, label = 'export.json', chunkSize?: number): SourceInput => bufferInput(text, label, chunkSize);

export async function readAll(input: SourceInput, raw: Record<string, unknown> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of jsonExportSource.read(configOf(raw), { input })) rows.push(row);
  return rows;
}

/** The rows read before the read failed, and the failure. */
export async function readUntilFailure(input: SourceInput, raw: Record<string, unknown> = {}): Promise<{ rows: Row[]; error: unknown }> {
  const rows: Row[] = [];
  try {
    for await (const row of jsonExportSource.read(configOf(raw), { input })) rows.push(row);
  } catch (error) {
    return { rows, error };
  }
  throw new Error(`the read did not fail (${rows.length} rows)`);
}

export async function discover(input: SourceInput, raw: Record<string, unknown> = {}): Promise<StreamInfo> {
  const [stream] = await jsonExportSource.discover(configOf(raw), { input });
  return stream;
}

