import { isJsonObject, type IssueInit } from '@ferry/sdk';

export const EXPORT_KINDS = ['people', 'grants', 'completions'] as const;
export type ExportKindName = (typeof EXPORT_KINDS)[number];

/** One kind of record in Ferry's interchange format. */
export interface ExportKind {
  name: ExportKindName;
  /** The `kind` of its NDJSON lines: singular, or the list's name. */
  recordKinds: readonly string[];
  /** The sink its rows are for. */
  sink: string;
  /** Its row keys, named as the sink's fields so map-columns maps them by suggestion. */
  columns: readonly string[];
  /** What the record is called in messages. */
  noun: { one: string; many: string };
}

export const KINDS: Readonly<Record<ExportKindName, ExportKind>> = {
  people: {
    name: 'people',
    recordKinds: ['person', 'people'],
    sink: 'people',
    columns: ['email', 'first_name', 'last_name', 'phone', 'username', 'role', 'tags', 'parent_email', 'parent_username', 'instructor_email'],
    noun: { one: 'person', many: 'people' },
  },
  grants: {
    name: 'grants',
    recordKinds: ['grant', 'grants'],
    sink: 'course-enrollment',
    columns: ['email', 'offer', 'product'],
    noun: { one: 'grant', many: 'grants' },
  },
  completions: {
    name: 'completions',
    recordKinds: ['completion', 'completions'],
    sink: 'progress',
    columns: ['email', 'content', 'completed_on', 'progress'],
    noun: { one: 'completion', many: 'completions' },
  },
};

/** Every key the format gives a meaning; a custom field by one of these names keeps its `fields.` prefix. */
export const FORMAT_KEYS: ReadonlySet<string> = new Set([
  ...Object.values(KINDS).flatMap((kind) => kind.columns),
  'kind', 'fields', 'roles', 'product', 'progress',
]);

const RECORD_KINDS = Object.values(KINDS).flatMap((kind) => kind.recordKinds);

/**
 * Whether a record of a list without a kind of its own (NDJSON, a plain list)
 * is one this run reads: no `kind` means the run's kind; another known kind is
 * another run's; an unknown kind is a problem, reported by every run.
 */
export function kindMatch(record: unknown, wanted: ExportKind, position: string): 'mine' | 'other' | IssueInit {
  if (!isJsonObject(record) || !Object.hasOwn(record, 'kind')) return 'mine';
  const kind = record.kind;
  if (typeof kind === 'string' && wanted.recordKinds.includes(kind)) return 'mine';
  if (typeof kind === 'string' && RECORD_KINDS.includes(kind)) return 'other';
  return {
    column: 'kind',
    value: typeof kind === 'string' ? kind : JSON.stringify(kind),
    code: 'unknown_kind',
    message: `${position} has the kind ${JSON.stringify(kind)}, which Ferry's export does not know (person, grant or completion), so no run reads it. Fix its kind, or leave it out of the file.`,
  };
}
