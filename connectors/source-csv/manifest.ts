import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'csv',
  title: 'CSV file',
  description: 'Reads a CSV or TSV file, detecting its encoding and delimiter.',
  version: 1,
};
