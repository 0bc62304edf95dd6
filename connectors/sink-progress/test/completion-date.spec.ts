import { parseCompletionDate, type DateOrder } from '../completion-date';

const read = (raw: unknown, order: DateOrder = 'day-first') => parseCompletionDate(raw, order);

describe('completion dates', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['2026-3-1', '2026-03-01'],
    ['2026-03-01T14:30:00Z', '2026-03-01'],
    ['2026-03-01 14:30', '2026-03-01'],
    ['2026/03/01', '2026-03-01'],
  ])('reads ISO %s', (raw, date) => expect(read(raw)).toEqual({ date }));

  it.each([
    ['01/03/2026', '2026-03-01'],
    ['1.3.2026', '2026-03-01'],
    ['01-03-2026', '2026-03-01'],
    ['31.12.2026', '2026-12-31'],
    ['01/03/2026 09:15', '2026-03-01'],
  ])('reads day-first %s', (raw, date) => expect(read(raw)).toEqual({ date }));

  it('reads month-first when asked', () => {
    expect(read('03/01/2026', 'month-first')).toEqual({ date: '2026-03-01' });
    expect(read('12/31/2026', 'month-first')).toEqual({ date: '2026-12-31' });
  });

  it.each([
    ['46082', '2026-03-01'],
    [46082, '2026-03-01'],
    ['46082.75', '2026-03-01'],
    ['1', '1900-01-01'],
    ['59', '1900-02-28'],
    ['61', '1900-03-01'],
    ['2958465', '9999-12-31'],
  ])('reads the Excel serial %s (1900 system)', (raw, date) => expect(read(raw)).toEqual({ date }));

  it('refuses serials outside Excel\'s range, and the 29 February 1900 Excel invents', () => {
    for (const raw of ['0', '2958466', '60']) expect(read(raw)).toMatchObject({ code: 'invalid_date' });
  });

  it('suggests month-first when a day-first reading is impossible but a month-first one is not', () => {
    const parsed = read('12/31/2026');
    expect(parsed).toMatchObject({ code: 'invalid_date' });
    expect('message' in parsed && parsed.message).toContain('dateOrder to month-first');
  });

  it('in auto mode reads what only one order allows and refuses what both allow', () => {
    expect(read('31/03/2026', 'auto')).toEqual({ date: '2026-03-31' });
    expect(read('03/31/2026', 'auto')).toEqual({ date: '2026-03-31' });
    expect(read('05/05/2026', 'auto')).toEqual({ date: '2026-05-05' });
    const parsed = read('03/04/2026', 'auto');
    expect(parsed).toMatchObject({ code: 'ambiguous_date' });
    expect('message' in parsed && parsed.message).toContain('2026-04-03 or 2026-03-04');
  });

  it('refuses two-digit years as ambiguous', () => {
    expect(read('01/03/26')).toMatchObject({ code: 'ambiguous_date' });
    expect(read('1.3.26', 'auto')).toMatchObject({ code: 'ambiguous_date' });
  });

  it.each(['31.02.2026', '2026-02-30', '2026-13-01', '0000-01-01', 'yesterday', '1 March 2026', '01/03-2026'])('refuses %s', (raw) => {
    expect(read(raw)).toMatchObject({ code: 'invalid_date' });
  });

  it('takes a Date as its UTC day', () => {
    expect(read(new Date(Date.UTC(2026, 2, 1, 23, 0)))).toEqual({ date: '2026-03-01' });
  });
});
