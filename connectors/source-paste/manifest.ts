import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'paste',
  title: 'Pasted table',
  description: 'Reads a table pasted as text (copied from a spreadsheet, or comma/semicolon separated) with a header row.',
  version: 1,
};
