import { FatalRunError, type Row, type SourceContext, type SourceInput, type SourcePlugin, type StreamInfo } from '@ferry/sdk';
import { csvSource } from '../source-csv';
import { mapLines, type Mapped } from './adapter-rows';
import { CanvasSisConfig } from './canvas-sis.config';
import { nothingFound, outputColumns, planOf, type CanvasPlan } from './canvas-plan';
import { courseRows } from './course-rows';
import { courseAccessRows, enrolledPeopleRows } from './enrollment-rows';
import { manifest } from './manifest';
import { csvDefaults, loadCourses, loadUsers, lookupHeader, lookupInput, USER_LOOKUP_COLUMNS } from './sis-lookups';
import { userRows } from './user-rows';

/**
 * Canvas SIS CSVs read through the csv source (encoding, quotes, row
 * numbers), each line turned into rows for the people or course-enrollment
 * sink. enrollments.csv names users and courses by SIS id: users.csv and
 * courses.csv are read first into bounded lookups.
 */
export const canvasSisSource: SourcePlugin<CanvasSisConfig> = {
  manifest,
  config: CanvasSisConfig,

  async discover(config, context): Promise<StreamInfo[]> {
    const input = inputOf(context);
    const [stream] = await csvSource.discover(csvDefaults(), { input, signal: context.signal });
    const plan = planOf(config, stream.columns, input.label);
    // The lookup files' headers are checked now, so a wrong path or file fails before anything is written.
    if (plan.file === 'enrollments') {
      await lookupHeader(usersInput(config), 'users', USER_LOOKUP_COLUMNS, context.signal);
      if (coursesNeeded(plan, config)) await lookupHeader(coursesInput(config), 'courses', ['course_id', config.courseName], context.signal);
    }
    return [
      {
        name: input.label,
        columns: outputColumns(plan, config),
        details: { ...stream.details, canvasFile: plan.file, emit: plan.emit },
        issues: stream.issues,
      },
    ];
  },

  async *read(config, context): AsyncGenerator<Row> {
    const input = inputOf(context);
    const csv = csvDefaults();
    const [stream] = await csvSource.discover(csv, { input, signal: context.signal });
    const plan = planOf(config, stream.columns, input.label);
    const mapRow = await mapperFor(plan, config, context.signal);
    yield* mapLines(csvSource.read(csv, { input, signal: context.signal }), mapRow, input.label, nothingFound(plan, config), context.signal);
  },
};

async function mapperFor(plan: CanvasPlan, config: CanvasSisConfig, signal?: AbortSignal): Promise<(row: Row) => Mapped> {
  const { header } = plan;
  if (plan.file === 'users') return userRows(header, config.role);
  if (plan.file === 'courses') return courseRows(header, config.courseName, config.target);
  const users = await loadUsers(usersInput(config), config.maxLookupRows, signal);
  if (plan.emit === 'people') return enrolledPeopleRows({ header, users, roleMap: config.roleMap });
  const courses = coursesNeeded(plan, config) ? await loadCourses(coursesInput(config), config.courseName, config.maxLookupRows, signal) : undefined;
  return courseAccessRows({ header, users, courses, roleMap: config.roleMap }, config.enrollmentRole, config.courseName, config.target);
}

const coursesNeeded = (plan: CanvasPlan, config: CanvasSisConfig): boolean => plan.emit === 'enrollments' && config.courseName !== 'course_id';

const usersInput = (config: CanvasSisConfig): SourceInput =>
  lookupInput('usersFile', config.usersFile, 'enrollments.csv names users by user_id; their emails are in users.csv.');

const coursesInput = (config: CanvasSisConfig): SourceInput =>
  lookupInput('coursesFile', config.coursesFile, `enrollments.csv names courses by course_id; their ${config.courseName} is in courses.csv (or set courseName to course_id).`);

function inputOf(context: SourceContext): SourceInput {
  if (!context.input) throw new FatalRunError('no_input', 'The canvas-sis source needs a Canvas SIS CSV file to read, and none was given.');
  return context.input;
}
