import { FatalRunError, trimCell, type ColumnInfo, type Row, type RowIssue } from '@ferry/sdk';

/** The columns of one numbered enrolment (course1, role1, type1, enrolstatus1). */
export interface CourseColumns {
  n: number;
  course: ColumnInfo;
  role?: ColumnInfo;
  type?: ColumnInfo;
  enrolstatus?: ColumnInfo;
}

/** A `profile_field_<shortname>` column and the Ferry custom field key it fills. */
export interface ProfileColumn {
  key: string;
  column: ColumnInfo;
}

const NUMBERED = /^(course|role|type|cohort|enrolstatus)(\d+)$/;
const PROFILE = /^profile_field_(.+)$/;
// Ferry custom field keys (libs/domain's rule; connectors do not import the domain).
const FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/;
const TAKEN_KEYS = new Set([
  'email', 'first_name', 'last_name', 'phone', 'tags', 'skip', 'roles', 'role', 'username', 'language',
  'parent_email', 'parent_username', 'instructor_email', 'team', 'offer', 'product', 'content', 'completed_on', 'progress',
]);

/**
 * The columns of a Moodle upload users file, matched ignoring case as Moodle
 * does; a profile field's short name becomes a lower-case Ferry field key.
 */
export class MoodleHeader {
  private constructor(
    private readonly byName: Map<string, ColumnInfo>,
    /** Numbered enrolments in number order. */
    readonly courses: CourseColumns[],
    readonly cohorts: ColumnInfo[],
    readonly profileFields: ProfileColumn[],
    /** Header warnings: profile fields that cannot become a Ferry field. */
    readonly issues: RowIssue[],
  ) {}

  static of(columns: ColumnInfo[], file: string): MoodleHeader {
    const byName = new Map<string, ColumnInfo>();
    const numbered = new Map<number, Partial<CourseColumns>>();
    const cohorts: [number, ColumnInfo][] = [];
    const profileFields: ProfileColumn[] = [];
    const issues: RowIssue[] = [];
    for (const column of columns) {
      const name = column.header.trim().toLowerCase();
      if (byName.has(name)) continue;
      byName.set(name, column);
      const number = NUMBERED.exec(name);
      if (number) {
        const n = Number(number[2]);
        if (number[1] === 'cohort') cohorts.push([n, column]);
        else numbered.set(n, { ...numbered.get(n), n, [number[1]]: column });
        continue;
      }
      const profile = PROFILE.exec(name);
      if (!profile) continue;
      const key = profile[1];
      if (FIELD_KEY.test(key) && !TAKEN_KEYS.has(key)) profileFields.push({ key, column });
      else issues.push(unusableProfileField(column, key, file));
    }
    const courses = [...numbered.values()]
      .filter((c): c is CourseColumns => c.course !== undefined)
      .sort((a, b) => a.n - b.n);
    return new MoodleHeader(byName, courses, cohorts.sort((a, b) => a[0] - b[0]).map(([, c]) => c), profileFields, issues);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The header as the file writes it, for issues. */
  header(name: string): string {
    return this.byName.get(name)?.header.trim() ?? name;
  }

  cell(row: Row, name: string): string {
    return cellOf(row, this.byName.get(name));
  }

  require(names: readonly string[], label: string): void {
    const missing = names.filter((name) => !this.has(name));
    if (missing.length === 0) return;
    throw new FatalRunError(
      'missing_column',
      `"${label}" is read as a Moodle upload users file but has no ${missing.map((n) => `"${n}"`).join(', ')} column${missing.length === 1 ? '' : 's'}. ` +
        'Add it to the header row (Moodle field names, e.g. username, firstname, lastname, email, course1, role1).',
      { file: label, column: missing[0], columns: missing },
    );
  }
}

/** A cell trimmed; '' when blank or when there is no such column. */
export function cellOf(row: Row, column: ColumnInfo | undefined): string {
  const value = column ? row.values[column.key] : undefined;
  return typeof value === 'string' ? trimCell(value, true) : value === undefined || value === null ? '' : String(value);
}

export const headerOf = (column: ColumnInfo): string => column.header.trim();

function unusableProfileField(column: ColumnInfo, key: string, file: string): RowIssue {
  const why = TAKEN_KEYS.has(key) ? `"${key}" is a field Ferry has already` : `"${key}" is not a Ferry field key (lower-case letters, digits and _)`;
  return {
    row: 1,
    file,
    column: column.key,
    value: column.header,
    code: 'unusable_profile_field',
    severity: 'warning',
    message: `Column "${column.header}" is not imported: ${why}. Rename the column (and add the field with ferry fields add) to import it.`,
  };
}
