import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'sink'> = {
  kind: 'sink',
  name: 'people',
  title: 'People with roles',
  description: 'Creates or updates people with their role (student, parent, instructor, ...) and links students to their parents and instructors.',
  version: 1,
};
