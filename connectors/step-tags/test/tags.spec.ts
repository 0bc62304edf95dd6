import { ConfigError, createRow, createValues, resolveConfig, type Row, type Step } from '@ferry/sdk';
import { tagsStep } from '..';

function row(tags: unknown, line = 2): Row {
  const r = createRow(createValues(tags === undefined ? [['email', 'a@example.com']] : [['email', 'a@example.com'], ['tags', tags]]), { file: 'people.csv', row: line });
  r.columns = { email: 'E-Mail', tags: 'Schlagworte' };
  return r;
}

async function step(config: Record<string, unknown> = {}): Promise<Step> {
  return tagsStep.create(resolveConfig(tagsStep, config), { columns: [], fields: [] });
}

async function tagsOf(tags: unknown, config?: Record<string, unknown>): Promise<unknown> {
  const [out] = await (await step(config)).transform([row(tags)]);
  return out.values.tags;
}

describe('tags step', () => {
  it('splits cells on commas and semicolons, trims and drops empties', async () => {
    expect(await tagsOf(['vip; spring-2026 ,, newsletter', ' ; '])).toEqual(['vip', 'spring-2026', 'newsletter']);
  });

  it('drops repeats that differ only in case, keeping the first spelling', async () => {
    expect(await tagsOf(['VIP, Newsletter', 'vip; newsletter; Vip'])).toEqual(['VIP', 'Newsletter']);
    expect(await tagsOf(['Straße, STRASSE, straße'])).toEqual(['Straße', 'STRASSE']);
  });

  it('adds the configured tags to every row, including rows without tags', async () => {
    const s = await step({ tags: ['spring-2026', ' Import '] });
    const rows = await s.transform([row(['Spring-2026, vip']), row(undefined, 3)]);
    expect(rows[0].values.tags).toEqual(['Spring-2026', 'vip', 'Import']);
    expect(rows[1].values.tags).toEqual(['spring-2026', 'Import']);
  });

  it('accepts a plain string as one cell', async () => {
    expect(await tagsOf('a;b')).toEqual(['a', 'b']);
  });

  it('uses the configured separators', async () => {
    expect(await tagsOf(['a|b, c'], { separators: '|' })).toEqual(['a', 'b, c']);
    expect(await tagsOf(['a, b'], { separators: '' })).toEqual(['a, b']);
  });

  it('removes the tags value when nothing is left', async () => {
    const [out] = await (await step()).transform([row([' , ;'])]);
    expect('tags' in out.values).toBe(false);
  });

  it('drops a tag longer than 100 characters with a warning on the tags column', async () => {
    const long = 'x'.repeat(101);
    const [out] = await (await step()).transform([row([`ok, ${long}`])]);
    expect(out.values.tags).toEqual(['ok']);
    expect(out.issues).toEqual([expect.objectContaining({ code: 'invalid_tag', severity: 'warning', column: 'Schlagworte', value: long })]);
    expect(await tagsOf(['y'.repeat(100)])).toEqual(['y'.repeat(100)]);
  });

  it('validates its config', () => {
    expect(resolveConfig(tagsStep, {})).toEqual({ tags: [], separators: ',;' });
    expect(() => resolveConfig(tagsStep, { tags: ['ok', 'z'.repeat(101)] })).toThrow(ConfigError);
    expect(() => resolveConfig(tagsStep, { tags: ['  '] })).toThrow(ConfigError);
    expect(() => resolveConfig(tagsStep, { tags: 'vip' })).toThrow(ConfigError);
  });
});
