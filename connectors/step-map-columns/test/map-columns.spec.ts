import { ConfigError, createRow, createValues, FatalRunError, resolveConfig, type ColumnInfo, type FieldSpec, type Row } from '@ferry/sdk';
import { mapColumnsStep } from '..';

const FIELDS: FieldSpec[] = [
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'first_name', label: 'First name', type: 'text' },
  { key: 'last_name', label: 'Last name', type: 'text' },
  { key: 'phone', label: 'Phone', type: 'phone' },
  { key: 'tags', label: 'Tags', type: 'tags' },
  { key: 'department', label: 'Abteilung', type: 'text', custom: true },
];

function columns(...headers: string[]): ColumnInfo[] {
  return headers.map((header, index) => ({ key: header, header, index }));
}

function row(values: Record<string, unknown>, line = 2): Row {
  return createRow(createValues(Object.entries(values)), { file: 'people.csv', row: line });
}

async function create(headers: string[], config: Record<string, unknown> = {}, fields = FIELDS) {
  return mapColumnsStep.create(resolveConfig(mapColumnsStep, config), { columns: columns(...headers), fields });
}

async function fatal(promise: Promise<unknown>): Promise<FatalRunError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FatalRunError);
  return error as FatalRunError;
}

describe('map-columns step', () => {
  it('suggests fields for German headers', async () => {
    const step = await create(['E-Mail-Adresse', 'Vorname', 'Nachname', 'Telefonnummer', 'Schlagworte']);
    expect(step.summary).toEqual({
      mapping: {
        'E-Mail-Adresse': { field: 'email', how: 'suggested' },
        Vorname: { field: 'first_name', how: 'suggested' },
        Nachname: { field: 'last_name', how: 'suggested' },
        Telefonnummer: { field: 'phone', how: 'suggested' },
        Schlagworte: { field: 'tags', how: 'suggested' },
      },
      unmapped: [],
      ambiguous: {},
    });
  });

  it('suggests for English spellings, accents, umlauts and punctuation', async () => {
    const step = await create(['  Email Address ', 'Given name', 'Family-Name', 'Mobile Phone', 'Familienname (Geburtsname)']);
    expect(step.summary?.mapping).toEqual({
      '  Email Address ': { field: 'email', how: 'suggested' },
      'Given name': { field: 'first_name', how: 'suggested' },
      'Family-Name': { field: 'last_name', how: 'suggested' },
      'Mobile Phone': { field: 'phone', how: 'suggested' },
    });
    expect(step.summary?.unmapped).toEqual(['Familienname (Geburtsname)']);
  });

  it('writes rows keyed by field with the raw cells, leaving empty cells out', async () => {
    const step = await create(['E-Mail', 'Vorname', 'Notiz', 'Telefon']);
    const [out] = await step.transform([row({ 'E-Mail': ' ada@example.com ', Vorname: '', Notiz: 'x', Telefon: '   ' })]);
    expect({ ...out.values }).toEqual({ email: ' ada@example.com ' });
    expect(Object.getPrototypeOf(out.values)).toBeNull();
    expect(out.columns).toEqual({ email: 'E-Mail', first_name: 'Vorname', phone: 'Telefon' });
  });

  it('gives every row the same field → header object', async () => {
    const step = await create(['Email', 'Vorname']);
    const [a, b] = await step.transform([row({ Email: 'a@x.org' }, 2), row({ Email: 'b@x.org' }, 3)]);
    expect(a.columns).toBe(b.columns);
  });

  it('does not use a suggestion that two columns share', async () => {
    const step = await create(['Email', 'Phone', 'Mobile']);
    expect(step.summary?.mapping).toEqual({ Email: { field: 'email', how: 'suggested' } });
    expect(step.summary?.unmapped).toEqual(['Phone', 'Mobile']);
    expect(step.summary?.ambiguous).toEqual({ phone: ['Phone', 'Mobile'] });
    const [out] = await step.transform([row({ Email: 'a@x.org', Phone: '1', Mobile: '2' })]);
    expect(out.values.phone).toBeUndefined();
  });

  it('does not use a suggestion for a field another column is mapped to explicitly', async () => {
    const step = await create(['Work phone', 'Telefon'], { mapping: { 'Work phone': 'phone' } }, FIELDS.filter((f) => !f.required));
    expect(step.summary?.mapping).toEqual({ 'Work phone': { field: 'phone', how: 'explicit' } });
    expect(step.summary?.unmapped).toEqual(['Telefon']);
  });

  it('leaves out a column mapped to skip even when its header suggests a field', async () => {
    const step = await create(['Email', 'Mail'], { mapping: { Mail: 'skip' } });
    expect(step.summary?.mapping).toEqual({ Email: { field: 'email', how: 'suggested' } });
    expect(step.summary?.unmapped).toEqual(['Mail']);
  });

  it('maps to a custom field explicitly or by its key or label', async () => {
    const explicit = await create(['Mail', 'Team'], { mapping: { Team: 'department' } });
    expect(explicit.summary?.mapping).toMatchObject({ Team: { field: 'department', how: 'explicit' } });
    const [out] = await explicit.transform([row({ Mail: 'a@x.org', Team: 'Sales' })]);
    expect(out.values.department).toBe('Sales');

    for (const header of ['Abteilung', 'department', 'Department']) {
      const step = await create(['Mail', header]);
      expect(step.summary?.mapping).toMatchObject({ [header]: { field: 'department', how: 'suggested' } });
    }
  });

  it('uses a field\'s aliases', async () => {
    const fields: FieldSpec[] = [...FIELDS, { key: 'cohort', label: 'Cohort', type: 'text', custom: true, aliases: ['jahrgang', 'klasse'] }];
    const step = await create(['Mail', 'Jahrgang'], {}, fields);
    expect(step.summary?.mapping).toMatchObject({ Jahrgang: { field: 'cohort', how: 'suggested' } });
  });

  it('collects several columns into tags, unsplit', async () => {
    const step = await create(['Email', 'Tag A', 'Tag B', 'Tag C'], { mapping: { 'Tag A': 'tags', 'Tag B': 'tags', 'Tag C': 'tags' } });
    const [out] = await step.transform([row({ Email: 'a@x.org', 'Tag A': 'vip; spring', 'Tag B': '', 'Tag C': 'newsletter' })]);
    expect(out.values.tags).toEqual(['vip; spring', 'newsletter']);
    expect(out.columns?.tags).toBe('Tag A, Tag B, Tag C');
    const [none] = await step.transform([row({ Email: 'b@x.org' })]);
    expect(none.values.tags).toBeUndefined();
  });

  it('with onlyMapped, leaves out everything not in the mapping', async () => {
    const step = await create(['Email', 'Vorname'], { mapping: { Email: 'email' }, onlyMapped: true });
    expect(step.summary?.mapping).toEqual({ Email: { field: 'email', how: 'explicit' } });
    expect(step.summary?.unmapped).toEqual(['Vorname']);
  });

  it('lists the fields rows carry afterwards, in schema order', async () => {
    const step = await create(['Nachname', 'E-Mail']);
    expect(step.columns).toEqual([
      { key: 'email', header: 'E-Mail', index: 0 },
      { key: 'last_name', header: 'Nachname', index: 1 },
    ]);
  });

  it('refuses a mapping key that is not a column, listing the columns', async () => {
    const error = await fatal(create(['Email', 'Name'], { mapping: { Emial: 'email' } }));
    expect(error.code).toBe('unknown_column');
    expect(error.message).toContain('"Emial"');
    expect(error.message).toContain('"Email", "Name"');
  });

  it('refuses an unknown custom field and says how to create it', async () => {
    const error = await fatal(create(['Email', 'Region'], { mapping: { Region: 'region' } }));
    expect(error.code).toBe('unknown_field');
    expect(error.message).toContain('"region"');
    expect(error.message).toContain('ferry fields add region');
  });

  it('refuses a file without an email column', async () => {
    const error = await fatal(create(['Vorname', 'Nachname']));
    expect(error.code).toBe('missing_required_field');
    expect(error.message).toBe('No column is mapped to email. Map one with --map "Header=email".');
  });

  it('names the candidates when the required field is ambiguous', async () => {
    const error = await fatal(create(['Email', 'E-Mail']));
    expect(error.code).toBe('missing_required_field');
    expect(error.message).toContain('"Email", "E-Mail"');
  });

  it('refuses two columns mapped to one field', async () => {
    const error = await fatal(create(['A', 'B'], { mapping: { A: 'email', B: 'email' } }));
    expect(error.code).toBe('field_mapped_twice');
  });

  it('validates its config', () => {
    expect(() => resolveConfig(mapColumnsStep, { mapping: { Email: 3 } })).toThrow(ConfigError);
    expect(() => resolveConfig(mapColumnsStep, { onlyMapped: 'yes' })).toThrow(ConfigError);
    expect(resolveConfig(mapColumnsStep, {})).toEqual({ mapping: {}, onlyMapped: false });
    expect(resolveConfig<{ mapping: object }>(mapColumnsStep, { mapping: { 'E-Mail Adresse': 'email' } }).mapping).toEqual({ 'E-Mail Adresse': 'email' });
  });
});

describe('map-columns read back from a saved pipeline', () => {
  it('maps columns called constructor and __proto__, as JSON (a run record, an API request) gives them', async () => {
    const saved = JSON.parse('{"mapping":{"constructor":"first_name","__proto__":"last_name"}}');
    const step = await create(['Email', 'constructor', '__proto__'], saved);
    const [out] = await step.transform([row(JSON.parse('{"Email":"a@example.com","constructor":"Ann","__proto__":"Lee"}'))]);
    expect({ ...out.values }).toEqual({ email: 'a@example.com', first_name: 'Ann', last_name: 'Lee' });
    expect(({} as Record<string, unknown>).last_name).toBeUndefined();
  });
});
