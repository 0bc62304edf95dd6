import { bufferInput as sdkBufferInput, fileInput, resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { csvSource } from '..';
import type { CsvConfig } from '../csv.config';

/** Inputs come from the SDK; the tests here name people.csv by default. */
export const bufferInput = (data: Buffer | string, label = 'people.csv', chunkSize?: number): SourceInput => sdkBufferInput(data, label, chunkSize);
export { fileInput };

/** The config as a pipeline document would give it: defaults filled in, validated. */
export function csvConfig(raw: Record<string, unknown> = {}): CsvConfig {
  return resolveConfig<CsvConfig>(csvSource, raw);
}

export async function discover(input: SourceInput, raw: Record<string, unknown> = {}): Promise<StreamInfo> {
  const streams = await csvSource.discover(csvConfig(raw), { input });
  expect(streams).toHaveLength(1);
  return streams[0];
}

export async function readRows(input: SourceInput, raw: Record<string, unknown> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of csvSource.read(csvConfig(raw), { input })) rows.push(row);
  return rows;
}

/** Values as plain objects, for `toEqual`. */
export function plain(row: Row): Record<string, unknown> {
  return { ...row.values };
}
