import { FatalRunError, type ColumnInfo, type FieldSpec } from '@ferry/sdk';
import { HeaderSuggestions } from './header-suggestions';
import type { MapColumnsConfig } from './map-columns.config';

export const SKIP = 'skip';
export const TAGS = 'tags';

export interface ColumnChoice {
  field: string;
  how: 'explicit' | 'suggested';
}

/** Where every column goes, decided once per run. */
export interface ColumnPlan {
  /** Column key → its field, for the columns that are imported (in file order). */
  mapping: Map<string, ColumnChoice>;
  /** Columns left out: skipped, not suggested, ambiguous or `onlyMapped`. */
  unmapped: string[];
  /** Fields that several columns suggested (none of them was used). */
  ambiguous: Map<string, string[]>;
}

/**
 * Decides the mapping, or throws before any row is read when it contradicts
 * the file (unknown column), the schema (unknown field) or leaves a required
 * field without a column.
 */
export function planColumns(config: MapColumnsConfig, columns: readonly ColumnInfo[], fields: readonly FieldSpec[]): ColumnPlan {
  const explicit = explicitChoices(config.mapping, columns, fields);
  const mapping = new Map<string, ColumnChoice>();
  const ambiguous = new Map<string, string[]>();

  const taken = new Set([...explicit.values()]);
  const candidates = new Map<string, string[]>();
  if (!config.onlyMapped) {
    const suggestions = new HeaderSuggestions(fields);
    for (const column of columns) {
      if (explicit.has(column.key)) continue;
      const field = suggestions.suggest(column.header.trim() === '' ? column.key : column.header);
      if (field !== undefined) candidates.set(field, [...(candidates.get(field) ?? []), column.key]);
    }
  }
  const suggested = new Map<string, string>();
  for (const [field, keys] of candidates) {
    if (keys.length === 1 && !taken.has(field)) suggested.set(keys[0], field);
    else if (keys.length > 1 && !taken.has(field)) ambiguous.set(field, keys);
  }

  const unmapped: string[] = [];
  for (const column of columns) {
    const target = explicit.get(column.key);
    if (target !== undefined && target !== SKIP) mapping.set(column.key, { field: target, how: 'explicit' });
    else if (target === undefined && suggested.has(column.key)) mapping.set(column.key, { field: suggested.get(column.key)!, how: 'suggested' });
    else unmapped.push(column.key);
  }
  checkRequired(fields, mapping, ambiguous);
  return { mapping, unmapped, ambiguous };
}

/** The config's mapping keyed by column key, targets checked against the schema. */
function explicitChoices(mapping: Record<string, string>, columns: readonly ColumnInfo[], fields: readonly FieldSpec[]): Map<string, string> {
  const fieldKeys = new Set(fields.map((f) => f.key));
  const choices = new Map<string, string>();
  const columnByField = new Map<string, string>();
  for (const [name, rawTarget] of Object.entries(mapping)) {
    const column = findColumn(name, columns);
    const target = rawTarget.trim();
    if (target !== SKIP && target !== TAGS && !fieldKeys.has(target)) throw unknownField(target, fields);
    if (target !== SKIP && target !== TAGS && columnByField.has(target)) {
      throw new FatalRunError(
        'field_mapped_twice',
        `Two columns are mapped to ${target}: "${columnByField.get(target)}" and "${column.key}". Map only one of them (use skip for the other).`,
        { field: target, columns: [columnByField.get(target), column.key] },
      );
    }
    columnByField.set(target, column.key);
    choices.set(column.key, target);
  }
  return choices;
}

/** A column by key, or by header when exactly one column has it. */
function findColumn(name: string, columns: readonly ColumnInfo[]): ColumnInfo {
  const byKey = columns.find((c) => c.key === name);
  if (byKey) return byKey;
  const byHeader = columns.filter((c) => c.header === name);
  if (byHeader.length === 1) return byHeader[0];
  const known = columns.map((c) => `"${c.key}"`).join(', ') || 'none';
  throw new FatalRunError('unknown_column', `The mapping names a column "${name}" that the file does not have. Its columns are: ${known}.`, {
    column: name,
    columns: columns.map((c) => c.key),
  });
}

function unknownField(target: string, fields: readonly FieldSpec[]): FatalRunError {
  const known = fields.map((f) => f.key).join(', ') || 'none';
  return new FatalRunError(
    'unknown_field',
    `There is no field "${target}" to map a column to. Fields: ${known}, or skip. If "${target}" is meant to be a custom field, create it first with \`ferry fields add ${target}\`.`,
    { field: target, fields: fields.map((f) => f.key) },
  );
}

function checkRequired(fields: readonly FieldSpec[], mapping: Map<string, ColumnChoice>, ambiguous: Map<string, string[]>): void {
  const mapped = new Set([...mapping.values()].map((choice) => choice.field));
  const missing = fields.filter((f) => f.required && !mapped.has(f.key));
  if (missing.length === 0) return;
  const sentences = missing.map((f) => {
    const several = ambiguous.get(f.key);
    return several
      ? `No column is mapped to ${f.key}: several columns could be it (${several.map((c) => `"${c}"`).join(', ')}). Map one with --map "${several[0]}=${f.key}".`
      : `No column is mapped to ${f.key}. Map one with --map "Header=${f.key}".`;
  });
  throw new FatalRunError('missing_required_field', sentences.join(' '), { fields: missing.map((f) => f.key) });
}
