import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'json-export',
  title: "Ferry's JSON export",
  description: "Reads people, access grants or completions from Ferry's interchange format (a JSON export or NDJSON), one record at a time.",
  version: 1,
};
