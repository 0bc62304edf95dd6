import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'ferry-completions',
  title: 'Ferry completions',
  description: "Reads the completions of one contact, or of one content node, from Ferry's own database.",
  version: 1,
  input: 'none',
};
