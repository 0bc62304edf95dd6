import { FatalRunError, resolveConfig, type Row, type SourceContext, type SourceInput, type SourcePlugin, type StreamInfo } from '@ferry/sdk';
import { mapLines } from '../source-canvas-sis/adapter-rows';
import { csvSource } from '../source-csv';
import type { CsvConfig } from '../source-csv/csv.config';
import { enrollmentRows } from './enrollment-rows';
import { manifest } from './manifest';
import { planOf } from './moodle-plan';
import { MoodleUsersConfig } from './moodle-users.config';
import { personRows } from './person-rows';

/**
 * Moodle's upload users CSV read through the csv source (delimiter,
 * encoding, row numbers), each user line turned into a people row, or into
 * one course-enrollment row per courseN column.
 */
export const moodleUsersSource: SourcePlugin<MoodleUsersConfig> = {
  manifest,
  config: MoodleUsersConfig,

  async discover(config, context): Promise<StreamInfo[]> {
    const input = inputOf(context);
    const [stream] = await csvSource.discover(csvDefaults(), { input, signal: context.signal });
    const { header, fields } = planOf(config, stream.columns, input.label);
    // Profile fields matter only to people rows: their warnings would be noise for enrollments.
    return [{ name: input.label, columns: fields, details: { ...stream.details, emit: config.emit }, issues: [...(stream.issues ?? []), ...(config.emit === 'people' ? header.issues : [])] }];
  },

  async *read(config, context): AsyncGenerator<Row> {
    const input = inputOf(context);
    const csv = csvDefaults();
    const [stream] = await csvSource.discover(csv, { input, signal: context.signal });
    const { header } = planOf(config, stream.columns, input.label);
    const mapRow =
      config.emit === 'enrollments'
        ? enrollmentRows(header, config.enrollmentRole, config.target, config.roleMap)
        : personRows(header, config.role, config.roleMap);
    const nothing = config.emit === 'enrollments' ? `no active enrolment whose role is ${config.enrollmentRole} in Ferry (set enrollmentRole to the role to read)` : 'no user that is not deleted';
    yield* mapLines(csvSource.read(csv, { input, signal: context.signal }), mapRow, input.label, nothing, context.signal);
  },
};

const csvDefaults = (): CsvConfig => resolveConfig<CsvConfig>(csvSource, {});

function inputOf(context: SourceContext): SourceInput {
  if (!context.input) throw new FatalRunError('no_input', 'The moodle-users source needs a Moodle upload users CSV to read, and none was given.');
  return context.input;
}
