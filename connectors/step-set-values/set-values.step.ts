import { createValues, type ColumnInfo, type Row, type Step, type StepContext, type StepPlugin } from '@ferry/sdk';
import { manifest } from './manifest';
import { SetValuesConfig } from './set-values.config';

/**
 * Sets the configured values on every row. A field that was read from a
 * column no longer is: issues about it name the field, not that column.
 */
function createSetValues(config: SetValuesConfig, context: StepContext): Step {
  const entries = Object.entries(config.values);
  const keys = new Set(entries.map(([key]) => key));
  // Rows share their field → column map (map-columns gives every row the same one): derive each map once.
  const derived = new WeakMap<object, Readonly<Record<string, string>>>();
  const withoutSetFields = (columns: Readonly<Record<string, string>>) => {
    let next = derived.get(columns);
    if (!next) {
      next = createValues(Object.entries(columns).filter(([field]) => !keys.has(field))) as Record<string, string>;
      derived.set(columns, next);
    }
    return next;
  };

  return {
    transform(rows: Row[]): Row[] {
      for (const row of rows) {
        for (const [key, value] of entries) row.values[key] = value;
        if (row.columns && entries.some(([key]) => Object.hasOwn(row.columns!, key))) row.columns = withoutSetFields(row.columns);
      }
      return rows;
    },
    columns: withColumns(context.columns, [...keys]),
    summary: { values: config.values },
  };
}

/** The columns rows carry after this step: those before, and the set fields that were not among them. */
function withColumns(columns: ColumnInfo[], keys: string[]): ColumnInfo[] {
  const known = new Set(columns.map((c) => c.key));
  const added = keys.filter((key) => !known.has(key)).map((key, i) => ({ key, header: key, index: columns.length + i }));
  return [...columns, ...added];
}

export const setValuesStep: StepPlugin<SetValuesConfig> = {
  manifest,
  config: SetValuesConfig,
  create: createSetValues,
};
