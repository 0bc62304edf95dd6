import { ConfigError, createRow, createValues, resolveConfig, type Row, type Step } from '@ferry/sdk';
import { normalizePhoneStep } from '..';

function row(phone: unknown, line = 2): Row {
  const r = createRow(createValues([['email', 'a@example.com'], ['phone', phone]]), { file: 'people.csv', row: line });
  r.columns = { email: 'E-Mail', phone: 'Telefon' };
  return r;
}

async function step(config: Record<string, unknown> = { defaultCountry: 'GB' }): Promise<Step> {
  return normalizePhoneStep.create(resolveConfig(normalizePhoneStep, config), { columns: [], fields: [] });
}

async function normalise(phone: unknown, config?: Record<string, unknown>): Promise<Row> {
  const [out] = await (await step(config)).transform([row(phone)]);
  return out;
}

describe('normalize-phone step', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['(0)7700-900123', '+447700900123'],
    ['0044 7700900123', '+447700900123'],
    ['020 7946 0018', '+442079460018'],
    ['+49 30 123456', '+4930123456'],
    ['0049 30 123456', '+4930123456'],
  ])('writes %p from a GB file as %p', async (input, e164) => {
    const out = await normalise(input);
    expect(out.values.phone).toBe(e164);
    expect(out.issues).toEqual([]);
  });

  it('keeps international numbers international whatever the default country', async () => {
    expect((await normalise('+49 30 123456', { defaultCountry: 'US' })).values.phone).toBe('+4930123456');
    expect((await normalise('+49 30 123456', {})).values.phone).toBe('+4930123456');
  });

  it('reads a number cell that a spreadsheet gave as a number', async () => {
    expect((await normalise(7700900123)).values.phone).toBe('+447700900123');
  });

  it.each([['12'], ['hello'], ['0000'], ['0123 456 789 012 345'], ['+44 12']])('warns about %p, empties the phone and keeps the row', async (input) => {
    const out = await normalise(input);
    expect('phone' in out.values).toBe(false);
    expect(out.values.email).toBe('a@example.com');
    expect(out.issues).toEqual([expect.objectContaining({ code: 'invalid_phone', severity: 'warning', column: 'Telefon', value: input, row: 2 })]);
    expect(out.issues[0].message).toContain(`"${input}"`);
    expect(out.issues[0].message).toContain('GB (the default country)');
  });

  it('without a default country, says a national number needs a country code', async () => {
    const out = await normalise('07700 900123', {});
    expect(out.issues[0].code).toBe('invalid_phone');
    expect(out.issues[0].message).toContain('no country code');
  });

  it('does nothing with an empty cell', async () => {
    for (const empty of ['', '  ', undefined]) {
      const out = await normalise(empty);
      expect(out.values.phone).toBeUndefined();
      expect(out.issues).toEqual([]);
    }
  });

  it('keeps the number of a phone with an extension and warns that the extension was dropped', async () => {
    const out = await normalise('1-770-736-8031 x56442', { defaultCountry: 'US' });
    expect(out.values.phone).toBe('+17707368031');
    expect(out.issues).toEqual([expect.objectContaining({ code: 'phone_extension_dropped', severity: 'warning' })]);
  });

  it('accepts the default country in any case and refuses unknown ones', async () => {
    expect((await normalise('07700 900123', { defaultCountry: 'gb' })).values.phone).toBe('+447700900123');
    expect(() => resolveConfig(normalizePhoneStep, { defaultCountry: 'UK' })).toThrow(ConfigError);
    expect(() => resolveConfig(normalizePhoneStep, { defaultCountry: 'GBR' })).toThrow(ConfigError);
    // A real ISO code with no numbering plan of its own, and a plan that is not an ISO code.
    expect(() => resolveConfig(normalizePhoneStep, { defaultCountry: 'AQ' })).toThrow(ConfigError);
    expect((await normalise('62889', { defaultCountry: 'AC' })).values.phone).toBe('+24762889');
  });
});
