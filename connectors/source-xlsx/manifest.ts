import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'xlsx',
  title: 'Excel workbook',
  description: 'Reads one or several sheets of an Excel workbook (.xlsx), streaming, with dates as ISO text.',
  version: 1,
};
