import { ConfigError, createRow, createValues, resolveConfig, type Row } from '@ferry/sdk';
import { setValuesStep } from '..';

const columns = [{ key: 'email', header: 'E-Mail', index: 0 }, { key: 'offer', header: 'Angebot', index: 1 }];

function row(values: Record<string, unknown>, line = 2): Row {
  return createRow(createValues(Object.entries(values)), { file: 'people.csv', row: line });
}

const step = (values: Record<string, unknown>) => setValuesStep.create(resolveConfig(setValuesStep, { values }), { columns, fields: [] });

describe('set-values step', () => {
  it('sets every configured field on every row, replacing what was there', async () => {
    const s = await step({ offer: 'Spanish', content: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' });
    const rows = await s.transform([row({ email: 'a@example.com', offer: 'French' }), row({ email: 'b@example.com' }, 3)]);
    expect(rows.map((r) => ({ ...r.values }))).toEqual([
      { email: 'a@example.com', offer: 'Spanish', content: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' },
      { email: 'b@example.com', offer: 'Spanish', content: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' },
    ]);
    expect(s.summary).toEqual({ values: { offer: 'Spanish', content: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' } });
  });

  it('declares the columns it adds, after the ones rows had', async () => {
    const s = await step({ offer: 'Spanish', content: 'x' });
    expect(s.columns).toEqual([...columns, { key: 'content', header: 'content', index: 2 }]);
  });

  it('stops naming the source column of a field it replaced', async () => {
    const shared = createValues([['email', 'E-Mail'], ['offer', 'Angebot']]) as Record<string, string>;
    const a = row({ email: 'a@example.com', offer: 'French' });
    const b = row({ email: 'b@example.com', offer: 'French' }, 3);
    a.columns = shared;
    b.columns = shared;
    const [outA, outB] = await (await step({ offer: 'Spanish' })).transform([a, b]);
    expect({ ...outA.columns }).toEqual({ email: 'E-Mail' });
    expect(outB.columns).toBe(outA.columns);
  });

  it('passes rows unchanged by default, and refuses values that are not text', async () => {
    const s = await setValuesStep.create(resolveConfig(setValuesStep, {}), { columns, fields: [] });
    expect((await s.transform([row({ email: 'a@example.com' })]))[0].values).toEqual(createValues([['email', 'a@example.com']]));
    expect(() => resolveConfig(setValuesStep, { values: { offer: 3 } })).toThrow(ConfigError);
    expect(() => resolveConfig(setValuesStep, { values: ['offer'] })).toThrow(ConfigError);
    expect(() => resolveConfig(setValuesStep, { values: { ' ': 'x' } })).toThrow(ConfigError);
  });
});
