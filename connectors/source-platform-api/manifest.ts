import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'platform-api',
  title: "Another platform's API",
  description: "Pulls people, access grants or completions from another platform's HTTP JSON API, page by page, only what changed since the last sync.",
  version: 1,
  input: 'none',
};
