import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'step'> = {
  kind: 'step',
  name: 'map-columns',
  title: 'Map columns',
  description: 'Maps the file\'s columns to the target fields, explicitly or by suggestion from the headers (English and German).',
  version: 1,
};
