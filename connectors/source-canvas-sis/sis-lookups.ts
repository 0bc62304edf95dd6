import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, FatalRunError, fileInput, isRejected, resolveConfig, type SourceInput } from '@ferry/sdk';
import { csvSource } from '../source-csv';
import type { CsvConfig } from '../source-csv/csv.config';
import { CanvasHeader, requireColumns, type CanvasFile } from './canvas-files';
import { canvasUser } from './canvas-user';

/** What enrollments.csv needs of a user. */
export interface SisUser {
  email: string;
  login: string;
  first: string;
  last: string;
  deleted: boolean;
}

/** What enrollments.csv needs of a course. */
export interface SisCourse {
  name: string;
  deleted: boolean;
}

// One string per entry (fields joined by NUL, which no cell holds) keeps a lookup at about 200 bytes a user.
const SEP = '\u0000';

export class UserTable {
  private readonly packed = new Map<string, string>();
  constructor(readonly label: string) {}

  get size(): number {
    return this.packed.size;
  }

  set(id: string, user: SisUser): void {
    this.packed.set(id, [user.email, user.login, user.first, user.last, user.deleted ? '1' : ''].join(SEP));
  }

  get(id: string): SisUser | undefined {
    const packed = this.packed.get(id);
    if (packed === undefined) return undefined;
    const [email, login, first, last, deleted] = packed.split(SEP);
    return { email, login, first, last, deleted: deleted === '1' };
  }
}

export class CourseTable {
  private readonly packed = new Map<string, string>();
  constructor(readonly label: string) {}

  get size(): number {
    return this.packed.size;
  }

  set(id: string, course: SisCourse): void {
    this.packed.set(id, (course.deleted ? '1' : '0') + course.name);
  }

  get(id: string): SisCourse | undefined {
    const packed = this.packed.get(id);
    return packed === undefined ? undefined : { deleted: packed[0] === '1', name: packed.slice(1) };
  }
}

/** The file an option names, checked to be there (a typo is the user's settings, not a broken file). */
export function lookupInput(option: 'usersFile' | 'coursesFile', file: string | undefined, why: string): SourceInput {
  const canvasFile = option === 'usersFile' ? 'users.csv' : 'courses.csv';
  if (!file) {
    throw new ConfigError('missing_lookup_file', `canvas-sis: ${why} Set ${option} to the path of the Canvas ${canvasFile} exported with it.`, { plugin: 'canvas-sis', option });
  }
  const resolved = path.resolve(file);
  if (!existsSync(resolved) || !statSync(resolved).isFile()) {
    throw new ConfigError('missing_lookup_file', `canvas-sis: ${option} is "${file}", but there is no file there. Give the path of the Canvas ${canvasFile}.`, {
      plugin: 'canvas-sis',
      option,
    });
  }
  return fileInput(resolved);
}

/** The csv source with its defaults: Canvas files are UTF-8 CSV, which it detects. */
export const csvDefaults = (): CsvConfig => resolveConfig<CsvConfig>(csvSource, {});

/** A lookup file's header, with the columns the lookup needs (a FatalRunError naming the missing one). */
export async function lookupHeader(input: SourceInput, file: CanvasFile, required: readonly string[], signal?: AbortSignal): Promise<CanvasHeader> {
  const [stream] = await csvSource.discover(csvDefaults(), { input, signal });
  const header = CanvasHeader.of(stream.columns);
  requireColumns(header, file, required, input.label);
  return header;
}

export const USER_LOOKUP_COLUMNS = ['user_id', 'login_id'] as const;

/** users.csv as user_id → user, at most `max` users. Rows the csv source could not read are left out (their users are then unknown). */
export async function loadUsers(input: SourceInput, max: number, signal?: AbortSignal): Promise<UserTable> {
  const header = await lookupHeader(input, 'users', USER_LOOKUP_COLUMNS, signal);
  const table = new UserTable(input.label);
  for await (const row of csvSource.read(csvDefaults(), { input, signal })) {
    if (isRejected(row)) continue;
    const user = canvasUser(header, row);
    if (!user.id) continue;
    if (table.size >= max && !table.get(user.id)) throw tooLarge(input.label, 'users', max);
    table.set(user.id, { email: user.email, login: user.login, first: user.names.first, last: user.names.last, deleted: user.deleted });
  }
  return table;
}

/** courses.csv as course_id → the name in `nameColumn`, at most `max` courses. */
export async function loadCourses(input: SourceInput, nameColumn: string, max: number, signal?: AbortSignal): Promise<CourseTable> {
  const header = await lookupHeader(input, 'courses', ['course_id', nameColumn], signal);
  const table = new CourseTable(input.label);
  for await (const row of csvSource.read(csvDefaults(), { input, signal })) {
    if (isRejected(row)) continue;
    const id = header.cell(row, 'course_id');
    if (!id) continue;
    if (table.size >= max && !table.get(id)) throw tooLarge(input.label, 'courses', max);
    table.set(id, { name: header.cell(row, nameColumn), deleted: header.cell(row, 'status').toLowerCase() === 'deleted' });
  }
  return table;
}

function tooLarge(label: string, what: string, max: number): FatalRunError {
  return new FatalRunError(
    'lookup_too_large',
    `"${label}" has more than ${max.toLocaleString('en-US')} ${what}, the most Ferry holds in memory to look up enrollments. ` +
      'Export users, courses and enrollments for one term at a time, or raise the maxLookupRows option if the machine has the memory (about 200 bytes each).',
    { file: label, max },
  );
}
