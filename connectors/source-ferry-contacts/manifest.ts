import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'ferry-contacts',
  title: 'Ferry contacts with a tag',
  description: "Reads the email of every contact in the workspace that has a tag, from Ferry's own database.",
  version: 1,
  input: 'none',
};
