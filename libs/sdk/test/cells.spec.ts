import { isBlankCell, trimCell } from '../src';

describe('blank cells', () => {
  it.each([[undefined], [null], [''], ['   '], ['\t\u00a0\u200b'], ['\r\n '], ['\u3000'], ['\u202f'], ['\u2028\u205f\u1680'], ['\v\f']])('%j is blank', (value) => {
    expect(isBlankCell(value)).toBe(true);
  });
  it.each([['a'], [' a '], ['0'], [0], [false], [['x']]])('%j is not blank', (value) => {
    expect(isBlankCell(value)).toBe(false);
  });
  it('trims padding but keeps line breaks unless asked', () => {
    expect(trimCell('\u00a0 ada@example.com\t')).toBe('ada@example.com');
    expect(trimCell('ada@example.com\n')).toBe('ada@example.com\n');
    expect(trimCell('\r\nmaths\n', true)).toBe('maths');
    // Control characters other than tab are content to report in an email, not padding.
    expect(trimCell('\vada@example.com')).toBe('\vada@example.com');
    expect(trimCell('\u202fada@example.com\u202f')).toBe('ada@example.com');
  });
});
