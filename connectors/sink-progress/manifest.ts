import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'sink'> = {
  kind: 'sink',
  name: 'progress',
  title: 'Course progress',
  description: 'Imports completions of activities, journeys and programmes by contact email and content uuid, keeping the earliest date.',
  version: 1,
};
