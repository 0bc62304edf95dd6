import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'sink'> = {
  kind: 'sink',
  name: 'course-enrollment',
  title: 'Course enrollment',
  description: 'Gives contacts access to an offer or product by email, creating or updating the contact from the same row.',
  version: 1,
};
