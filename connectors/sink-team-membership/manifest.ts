import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'sink'> = {
  kind: 'sink',
  name: 'team-membership',
  title: 'Team membership',
  description: 'Puts contacts into teams by name (creating or updating the contact first), optionally creating teams that do not exist.',
  version: 1,
};
