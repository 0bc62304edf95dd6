import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'step'> = {
  kind: 'step',
  name: 'normalize-phone',
  title: 'Normalize phone',
  description: 'Writes phone numbers in international form (+447700900123); numbers that cannot be read are warned about and left empty.',
  version: 1,
};
