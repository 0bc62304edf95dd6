import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'progression-workbook',
  title: 'Progression export workbook',
  description: 'Reads a progression export workbook (Programmes, Journeys, Activities, Completions sheets) as completions for the progress sink, or as a content tree.',
  version: 1,
};
