import { ConfigError, type ColumnInfo } from '@ferry/sdk';
import { CanvasHeader, detectFile, requireColumns, type CanvasFile } from './canvas-files';
import type { CanvasSisConfig } from './canvas-sis.config';

export type CanvasEmit = 'people' | 'enrollments' | 'courses';

/** What a run reads (which Canvas file) and gives (rows for which sink), settled from the config and the header. */
export interface CanvasPlan {
  file: CanvasFile;
  emit: CanvasEmit;
  header: CanvasHeader;
}

const DEFAULT_EMIT: Record<CanvasFile, CanvasEmit> = { users: 'people', enrollments: 'enrollments', courses: 'courses' };
const ALLOWED_EMITS: Record<CanvasFile, CanvasEmit[]> = { users: ['people'], enrollments: ['people', 'enrollments'], courses: ['courses'] };

export function planOf(config: CanvasSisConfig, columns: ColumnInfo[], label: string): CanvasPlan {
  const header = CanvasHeader.of(columns);
  const file = config.file === 'auto' ? detectFile(header, label) : config.file;
  const emit = config.emit === 'auto' ? DEFAULT_EMIT[file] : config.emit;
  if (!ALLOWED_EMITS[file].includes(emit)) {
    throw new ConfigError('invalid_config', `canvas-sis: "${label}" is a ${file}.csv, which gives no rows for ${emit}. Set emit to ${ALLOWED_EMITS[file].map((e) => `"${e}"`).join(' or ')} (or "auto").`, {
      plugin: 'canvas-sis',
    });
  }
  requireColumns(header, file, requiredColumns(file, emit, config), label);
  return { file, emit, header };
}

function requiredColumns(file: CanvasFile, emit: CanvasEmit, config: CanvasSisConfig): string[] {
  if (file === 'users') return ['user_id', 'login_id'];
  if (file === 'courses') return config.courseName === 'course_id' ? ['course_id'] : ['course_id', config.courseName];
  return emit === 'enrollments' ? ['course_id', 'user_id', 'role'] : ['user_id', 'role'];
}

/** The fields the rows carry, each with the Canvas column it comes from. */
export function outputColumns(plan: CanvasPlan, config: CanvasSisConfig): ColumnInfo[] {
  const h = (name: string) => plan.header.header(name);
  const fields: [string, string][] =
    plan.file === 'users'
      ? [['email', h('email')], ['username', h('login_id')], ['first_name', h('first_name')], ['last_name', h('last_name')], ['role', 'role']]
      : plan.file === 'courses'
        ? [['course_id', h('course_id')], [config.target, h(config.courseName)]]
        : plan.emit === 'people'
          ? [['email', h('user_id')], ['username', h('user_id')], ['first_name', h('user_id')], ['last_name', h('user_id')], ['role', h('role')], ['parent_email', h('user_id')]]
          : [['email', h('user_id')], ['first_name', h('user_id')], ['last_name', h('user_id')], [config.target, h('course_id')]];
  return fields.map(([key, header], index) => ({ key, header, index }));
}

/** What a file with no row for the sink lacked, for the run's message. */
export function nothingFound(plan: CanvasPlan, config: CanvasSisConfig): string {
  if (plan.file === 'courses') return 'no course that is not deleted';
  if (plan.file === 'users') return 'no user that is not deleted';
  if (plan.emit === 'people') return 'no active enrollment';
  return `no active enrollment whose role is ${config.enrollmentRole} in Ferry (set enrollmentRole to the role to read)`;
}
