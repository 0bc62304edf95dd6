import { createValues, isBlankCell, type ColumnInfo, type Row, type RowValues, type Step, type StepContext, type StepPlugin } from '@ferry/sdk';
import { planColumns, TAGS } from './column-plan';
import { MapColumnsConfig } from './map-columns.config';
import { manifest } from './manifest';

/**
 * Rows keyed by column become rows keyed by field. Empty cells (blank or only
 * spaces) are left out, so a field is either present with the raw cell or absent.
 */
function createMapColumns(config: MapColumnsConfig, context: StepContext): Step {
  const plan = planColumns(config, context.columns, context.fields);
  const headerOf = new Map(context.columns.map((c) => [c.key, c.header.trim() === '' ? c.key : c.header]));

  const from: string[] = [];
  const to: string[] = [];
  const tagColumns: string[] = [];
  const headersByField = new Map<string, string[]>();
  for (const [column, { field }] of plan.mapping) {
    if (field === TAGS) tagColumns.push(column);
    else {
      from.push(column);
      to.push(field);
    }
    headersByField.set(field, [...(headersByField.get(field) ?? []), headerOf.get(column)!]);
  }
  // One object for every row: the field → header lookup later steps use to name columns.
  const sourceColumns = Object.freeze(createValues([...headersByField].map(([field, headers]) => [field, headers.join(', ')]))) as Readonly<
    Record<string, string>
  >;

  return {
    transform(rows: Row[]): Row[] {
      for (const row of rows) {
        const input = row.values;
        const output: RowValues = createValues();
        for (let i = 0; i < from.length; i++) {
          const value = input[from[i]];
          if (!isBlankCell(value)) output[to[i]] = value;
        }
        if (tagColumns.length > 0) {
          let tags: string[] | undefined;
          for (const column of tagColumns) {
            const value = input[column];
            if (!isBlankCell(value)) (tags ??= []).push(String(value));
          }
          if (tags) output[TAGS] = tags;
        }
        row.values = output;
        row.columns = sourceColumns;
      }
      return rows;
    },
    columns: outputColumns(context, headersByField),
    summary: {
      mapping: Object.fromEntries([...plan.mapping].map(([column, choice]) => [column, { field: choice.field, how: choice.how }])),
      unmapped: plan.unmapped,
      ambiguous: Object.fromEntries(plan.ambiguous),
    },
  };
}

/** The fields rows carry after mapping, in the schema's order; the header is the source column's. */
function outputColumns(context: StepContext, headersByField: Map<string, string[]>): ColumnInfo[] {
  const order = [...context.fields.map((f) => f.key), TAGS];
  const keys = [...new Set(order)].filter((key) => headersByField.has(key));
  return keys.map((key, index) => ({ key, header: headersByField.get(key)!.join(', '), index }));
}

export const mapColumnsStep: StepPlugin<MapColumnsConfig> = {
  manifest,
  config: MapColumnsConfig,
  create: createMapColumns,
};
