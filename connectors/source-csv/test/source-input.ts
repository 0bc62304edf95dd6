import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { csvSource } from '..';
import type { CsvConfig } from '../csv.config';

/** An input over bytes in memory, handed out `chunkSize` bytes at a time (all at once by default). */
export function bufferInput(data: Buffer | string, label = 'people.csv', chunkSize?: number): SourceInput {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return {
    label,
    size: bytes.length,
    open: () => Readable.from(chunkSize ? chunksOf(bytes, chunkSize) : [bytes]),
  };
}

export function fileInput(path: string, label = basename(path)): SourceInput {
  return { label, open: () => createReadStream(path) };
}

function* chunksOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

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
