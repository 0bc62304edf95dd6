import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'sink'> = {
  kind: 'sink',
  name: 'crm-contacts',
  title: 'CRM contacts',
  description: 'Creates or updates contacts by email, with names, phone, tags and custom fields.',
  version: 1,
};
