import type { CustomFieldDefinition } from '@ferry/domain';
import { convertFieldValue } from '../src/contacts/field-value';

const field = (type: CustomFieldDefinition['type'], options: string[] | null = null): CustomFieldDefinition => ({ key: 'f', label: 'Field', type, options });

describe('custom field values', () => {
  it.each([
    ['42', 42], ['3.5', 3.5], ['3,5', 3.5], ['-7', -7], ['1,234,567.5', 1234567.5],
  ])('reads the number %s', (raw, value) => expect(convertFieldValue(field('number'), raw)).toEqual({ value }));

  it('refuses to guess whether 1,500 is 1.5 or 1500', () => {
    expect(convertFieldValue(field('number'), '1,500')).toMatchObject({ code: 'ambiguous_number' });
  });

  it('refuses a number too large to store instead of saving null (which would erase)', () => {
    expect(convertFieldValue(field('number'), '9'.repeat(400))).toMatchObject({ code: 'invalid_number' });
  });

  it.each([
    ['2026-03-31', '2026-03-31'], ['31.03.2026', '2026-03-31'], ['1/2/2020', '2020-02-01'], ['29.02.2024', '2024-02-29'], ['31.03.0026', '0026-03-31'],
  ])('reads the date %s as %s', (raw, value) => expect(convertFieldValue(field('date'), raw)).toEqual({ value }));

  it.each(['31.02.2026', '29.02.2023', '2026-13-01', 'yesterday'])('refuses the date %s', (raw) => {
    expect(convertFieldValue(field('date'), raw)).toMatchObject({ code: 'invalid_date' });
  });

  it('matches select options case-insensitively and stores the option as defined', () => {
    expect(convertFieldValue(field('select', ['Beginner', 'Advanced']), ' advanced ')).toEqual({ value: 'Advanced' });
    expect(convertFieldValue(field('select', ['Beginner', 'Advanced']), 'Expert')).toMatchObject({ code: 'invalid_option', message: expect.stringContaining('Beginner, Advanced') });
  });

  it('reads yes/no in English and German', () => {
    expect(['ja', 'Yes', '1', 'x'].map((v) => convertFieldValue(field('boolean'), v))).toEqual(Array(4).fill({ value: true }));
    expect(convertFieldValue(field('boolean'), 'nein')).toEqual({ value: false });
    expect(convertFieldValue(field('boolean'), 'maybe')).toMatchObject({ code: 'invalid_boolean' });
  });
});
