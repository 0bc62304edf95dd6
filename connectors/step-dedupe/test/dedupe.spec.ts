import { createRow, createValues, rejectRow, resolveConfig, type Row, type Step } from '@ferry/sdk';
import { dedupeStep } from '..';
import { hashKey, keyHash } from '../key-hash';
import { SeenKeys } from '../seen-keys';

function row(email: unknown, line: number): Row {
  const r = createRow(createValues([['email', email]]), { file: 'people.csv', row: line });
  r.columns = { email: 'E-Mail' };
  return r;
}

async function step(config: Record<string, unknown> = {}): Promise<Step> {
  return dedupeStep.create(resolveConfig(dedupeStep, config), { columns: [], fields: [] });
}

function codes(rows: Row[]): string[][] {
  return rows.map((r) => r.issues.map((i) => `${i.row}:${i.code}`));
}

describe('dedupe step', () => {
  it('warns on the later row, naming the earlier row, whatever the case and spaces', async () => {
    const rows = await (await step()).transform([row('ada@example.com', 2), row('bob@example.com', 3), row(' ADA@Example.com ', 4)]);
    expect(codes(rows)).toEqual([[], [], ['4:duplicate_email']]);
    expect(rows[2].issues[0]).toMatchObject({
      severity: 'warning',
      column: 'E-Mail',
      message: 'Same email as row 2; both rows are merged into one contact (later non-empty values win, tags are combined).',
    });
  });

  it('finds duplicates across batches and keeps every row', async () => {
    const s = await step();
    await s.transform([row('ada@example.com', 2), row('bob@example.com', 3)]);
    const later = await s.transform([row('carol@example.com', 1002), row('Bob@Example.com', 1003), row('bob@example.com', 1004)]);
    expect(later).toHaveLength(3);
    expect(later.map((r) => r.issues.map((i) => i.message.slice(0, 25)))).toEqual([[], ['Same email as row 3; both'], ['Same email as row 3; both']]);
  });

  it('ignores rejected rows and empty keys', async () => {
    const rejected = row('ada@example.com', 2);
    rejectRow(rejected, { code: 'invalid_phone', message: 'x' });
    const rows = await (await step()).transform([rejected, row('', 3), row('   ', 4), row(undefined, 5), row('ada@example.com', 6), row('', 7)]);
    expect(codes(rows)).toEqual([['2:invalid_phone'], [], [], [], [], []]);
  });

  it('treats non-ASCII keys like the sink does (trimmed, lower-cased)', async () => {
    const rows = await (await step()).transform([row('Jörg@Müller.de', 2), row('\u00a0jörg@müller.DE', 3), row('jorg@muller.de', 4)]);
    expect(codes(rows)).toEqual([[], ['3:duplicate_email'], []]);
  });

  it('works on another field without promising a merge', async () => {
    const s = await dedupeStep.create(resolveConfig(dedupeStep, { field: 'phone' }), { columns: [], fields: [] });
    const a = createRow(createValues([['phone', '+447700900123']]), { file: 'f.csv', row: 2 });
    const b = createRow(createValues([['phone', '+447700900123']]), { file: 'f.csv', row: 3 });
    const [, out] = await s.transform([a, b]);
    expect(out.issues).toEqual([expect.objectContaining({ code: 'duplicate_value', message: 'Same phone as row 2.' })]);
  });

  it('keeps 200,000 distinct keys apart and grows its table', () => {
    const seen = new SeenKeys(16);
    let clashes = 0;
    for (let i = 0; i < 200_000; i++) {
      hashKey(`person${i}@example.com`);
      if (seen.firstRowOf(keyHash.high, keyHash.low, i + 2) !== undefined) clashes++;
    }
    expect(clashes).toBe(0);
    expect(seen.size).toBe(200_000);
    hashKey('PERSON123@example.com');
    expect(seen.firstRowOf(keyHash.high, keyHash.low, 999_999)).toBe(125);
  });
});
