import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'step'> = {
  kind: 'step',
  name: 'normalize-email',
  title: 'Normalize email',
  description: 'Trims email addresses and rejects rows whose address is missing or not valid.',
  version: 1,
};
