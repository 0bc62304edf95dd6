import { createRow, createValues, FatalRunError, resolveConfig, type Row, type Step } from '@ferry/sdk';
import { normalizeEmailStep } from '..';
import { isEverydayEmail } from '../email-check';

const COLUMNS = [{ key: 'email', header: 'E-Mail', index: 0 }];

function row(email: unknown, line = 2): Row {
  const r = createRow(createValues([['email', email]]), { file: 'people.csv', row: line });
  r.columns = { email: 'E-Mail' };
  return r;
}

async function step(config: Record<string, unknown> = {}): Promise<Step> {
  return normalizeEmailStep.create(resolveConfig(normalizeEmailStep, config), { columns: COLUMNS, fields: [] });
}

async function run(email: unknown): Promise<Row> {
  const [out] = await (await step()).transform([row(email)]);
  return out;
}

describe('normalize-email step', () => {
  it('keeps the trimmed address with its case', async () => {
    const out = await run('  Ada.Lovelace@Example.COM\t');
    expect(out.values.email).toBe('Ada.Lovelace@Example.COM');
    expect(out.issues).toEqual([]);
  });

  it.each([[''], ['   '], [undefined], [null]])('rejects an empty address (%p), naming the user\'s column', async (email) => {
    const out = await run(email);
    expect(out.issues).toEqual([expect.objectContaining({ code: 'missing_email', severity: 'error', column: 'E-Mail', row: 2 })]);
  });

  it.each([
    ['ada.example.com', 'no @'],
    ['ada@@example.com', 'more than one @'],
    ['@example.com', 'before the @'],
    ['ada@', 'after the @'],
    ['ada lovelace@example.com', 'space'],
    ['ada..lovelace@example.com', 'two dots'],
    ['ada@example..com', 'two dots'],
    ['ada@example.com\nbob@example.com', 'line break'],
    ['"ada"@example.com', 'Quoted'],
  ])('rejects %p with a sentence that says why (%s)', async (email, why) => {
    const out = await run(email);
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]).toMatchObject({ code: 'invalid_email', severity: 'error', column: 'E-Mail' });
    expect(out.issues[0].message).toContain(why);
  });

  it('rejects a 50,000-character value as too long, in microseconds', async () => {
    const s = await step();
    const huge = `${'a'.repeat(50_000)}@example.com`;
    const rows = Array.from({ length: 1000 }, (_, i) => row(huge, i + 2));
    const started = process.hrtime.bigint();
    s.transform(rows);
    const perRowMicros = Number(process.hrtime.bigint() - started) / 1000 / rows.length;
    expect(rows[0].issues[0].code).toBe('invalid_email');
    expect(rows[0].issues[0].message).toContain('too long: 50,012 characters');
    expect(rows[0].issues[0].value?.length).toBeLessThan(300);
    expect(perRowMicros).toBeLessThan(50);
  });

  it('accepts internationalised and dotless addresses, warning about the dotless domain', async () => {
    expect((await run('jörg@müller.de')).issues).toEqual([]);
    const dotless = await run('ada@gmailcom');
    expect(dotless.values.email).toBe('ada@gmailcom');
    expect(dotless.issues).toEqual([expect.objectContaining({ code: 'suspicious_email', severity: 'warning' })]);
  });

  it('keeps every row flowing and reports each problem on its own row', async () => {
    const rows = await (await step()).transform([row('ok@example.com', 2), row('', 3), row('nope', 4)]);
    expect(rows.map((r) => r.issues.map((i) => `${i.row}:${i.code}`))).toEqual([[], ['3:missing_email'], ['4:invalid_email']]);
  });

  it('lets an empty address through when it is not required, still checking the others', async () => {
    const lenient = await step({ required: false });
    const rows = await lenient.transform([row('', 2), row(undefined, 3), row(' ada@example.com ', 4), row('nope', 5)]);
    expect(rows.map((r) => r.issues.map((i) => i.code))).toEqual([[], [], [], ['invalid_email']]);
    expect(rows[2].values.email).toBe('ada@example.com');
    expect(() => resolveConfig(normalizeEmailStep, { required: 'no' })).toThrow('required');
  });

  it('refuses to run when rows carry no such field', async () => {
    const create = async () => normalizeEmailStep.create(resolveConfig(normalizeEmailStep, { field: 'work_email' }), { columns: COLUMNS, fields: [] });
    await expect(create()).rejects.toThrow(FatalRunError);
    await expect(create()).rejects.toThrow('Rows have no work_email field');
  });
});

describe('the everyday-address fast path', () => {
  // It may only ever accept what isEmail accepts; anything it is unsure of goes to isEmail.
  const samples = [
    'ada@example.com', 'ADA.LOVELACE@Example.CO.UK', 'a+tag@sub.example.org', 'x_y%z@a-b.example.io', 'a@b.cd',
    'a..b@example.com', '.a@example.com', 'a.@example.com', 'a@-example.com', 'a@example-.com', 'a@example.c',
    'a@example.123', `${'a'.repeat(64)}@example.com`, `${'a'.repeat(65)}@example.com`, 'a@exa_mple.com',
    `a@${'b'.repeat(63)}.com`, `a@${'b'.repeat(64)}.com`, 'a@example.com.', 'a b@example.com', 'a@localhost',
  ];
  it.each(samples)('agrees with isEmail on %s', (address) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const isEmail = require('validator/lib/isEmail') as (s: string, o: object) => boolean;
    if (isEverydayEmail(address)) expect(isEmail(address, { require_tld: false })).toBe(true);
  });
  it('takes the common shapes', () => {
    expect(samples.slice(0, 5).every(isEverydayEmail)).toBe(true);
  });
});
