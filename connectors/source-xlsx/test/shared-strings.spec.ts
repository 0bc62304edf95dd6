import { StringTable } from '../shared-strings';

describe('StringTable', () => {
  it('gives back every string as pushed, multi-byte, empty and very long ones included, as its buffer grows', () => {
    const table = new StringTable();
    const texts: string[] = [''];
    for (let i = 0; i < 60_000; i++) texts.push(i % 7 === 0 ? '' : `person${i}@example.com Zoë 漢字 ${'x'.repeat(i % 13)}`);
    texts.push('y'.repeat(1_500_000), 'after the long one');
    for (const text of texts) table.push(text);

    expect(table.length).toBe(texts.length);
    expect(texts.every((text, i) => table.get(i) === text)).toBe(true);
  });
});
