import type { Plugin } from '@ferry/sdk';
import { crmContactsSink } from './sink-crm-contacts';
import { csvSource } from './source-csv';
import { dedupeStep } from './step-dedupe';
import { mapColumnsStep } from './step-map-columns';
import { normalizeEmailStep } from './step-normalize-email';
import { normalizePhoneStep } from './step-normalize-phone';
import { tagsStep } from './step-tags';

/**
 * The built-in plugins: the one list. A test fails when a folder under
 * connectors/ is missing here (`ferry scaffold` will add new ones).
 */
export const BUILT_IN_PLUGINS: Plugin[] = [
  csvSource,
  mapColumnsStep,
  normalizeEmailStep,
  normalizePhoneStep,
  tagsStep,
  dedupeStep,
  crmContactsSink,
];
