import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'step'> = {
  kind: 'step',
  name: 'dedupe',
  title: 'Find duplicates',
  description: 'Warns on every row whose email an earlier row of the file already had (the sink merges them into one contact).',
  version: 1,
};
