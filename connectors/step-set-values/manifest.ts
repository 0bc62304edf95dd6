import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'step'> = {
  kind: 'step',
  name: 'set-values',
  title: 'Set values',
  description: 'Sets fields to fixed values on every row, replacing what is there (e.g. the offer to grant).',
  version: 1,
};
