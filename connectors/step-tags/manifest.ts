import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'step'> = {
  kind: 'step',
  name: 'tags',
  title: 'Tags',
  description: 'Splits tag cells into single tags, drops repeats, and adds tags to every row.',
  version: 1,
};
