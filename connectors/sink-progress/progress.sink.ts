import { countRecords } from '@ferry/domain';
import type { FieldSpec, SinkPlugin } from '@ferry/sdk';
import { CompletionBatchWriter } from './completion-writer';
import { manifest } from './manifest';
import { ProgressConfig } from './progress.config';

const FIELDS: FieldSpec[] = [
  { key: 'email', label: 'Email', type: 'email', required: true, example: 'ada.lovelace@example.com' },
  {
    key: 'content',
    label: 'Content uuid',
    type: 'text',
    required: true,
    example: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    aliases: ['uuid', 'content id', 'content uuid', 'activity', 'activity id', 'lesson', 'lesson id', 'node', 'inhalt'],
  },
  {
    key: 'completed_on',
    label: 'Completed on',
    type: 'date',
    example: '2026-03-01',
    aliases: ['completed', 'completed at', 'completion date', 'date', 'finished', 'abgeschlossen', 'abgeschlossen am', 'datum'],
  },
  { key: 'progress', label: 'Progress', type: 'text', example: '100%', aliases: ['status', 'percent', 'percentage', 'fortschritt'] },
];

/**
 * Completions of a product's content by contact email and node uuid.
 * Completing a journey or programme completes everything below it; a
 * completion keeps its earliest date, so a re-import changes nothing.
 */
export const progressSink: SinkPlugin<ProgressConfig> = {
  manifest,
  config: ProgressConfig,

  async fields() {
    return FIELDS;
  },

  async open(config) {
    // One date for the whole run, even one that passes midnight.
    const writer = new CompletionBatchWriter(config, new Date().toISOString().slice(0, 10));
    return { write: (rows, context) => writer.write(rows, context) };
  },

  countRecords: (_config, context) => countRecords(context.db, context.workspaceId, 'completions'),
};
