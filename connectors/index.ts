import type { Plugin } from '@ferry/sdk';
import { courseEnrollmentSink } from './sink-course-enrollment';
import { crmContactsSink } from './sink-crm-contacts';
import { peopleSink } from './sink-people';
import { progressSink } from './sink-progress';
import { teamMembershipSink } from './sink-team-membership';
import { canvasSisSource } from './source-canvas-sis';
import { csvSource } from './source-csv';
import { ferryCompletionsSource } from './source-ferry-completions';
import { ferryContactsSource } from './source-ferry-contacts';
import { jsonExportSource } from './source-json-export';
import { moodleUsersSource } from './source-moodle-users';
import { pasteSource } from './source-paste';
import { platformApiSource } from './source-platform-api';
import { progressionWorkbookSource } from './source-progression-workbook';
import { xlsxSource } from './source-xlsx';
import { dedupeStep } from './step-dedupe';
import { mapColumnsStep } from './step-map-columns';
import { normalizeEmailStep } from './step-normalize-email';
import { normalizePhoneStep } from './step-normalize-phone';
import { rowFixesStep } from './step-row-fixes';
import { setValuesStep } from './step-set-values';
import { tagsStep } from './step-tags';

/**
 * The built-in plugins: the one list. A test fails when a folder under
 * connectors/ is missing here (`ferry scaffold` will add new ones).
 */
export const BUILT_IN_PLUGINS: Plugin[] = [
  csvSource,
  xlsxSource,
  pasteSource,
  ferryContactsSource,
  ferryCompletionsSource,
  platformApiSource,
  canvasSisSource,
  moodleUsersSource,
  progressionWorkbookSource,
  jsonExportSource,
  rowFixesStep,
  mapColumnsStep,
  normalizeEmailStep,
  normalizePhoneStep,
  tagsStep,
  dedupeStep,
  setValuesStep,
  crmContactsSink,
  courseEnrollmentSink,
  progressSink,
  peopleSink,
  teamMembershipSink,
];
