import { CsvScanner } from '../csv-scanner';

const COMMA = 0x2c;

function scan(text: string, cap: number, chunkSize = text.length): string {
  const scanner = new CsvScanner(COMMA, cap);
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) out.push(scanner.push(bytes.subarray(at, at + chunkSize)));
  const tail = scanner.end();
  if (tail) out.push(tail);
  return Buffer.concat(out).toString();
}

describe('csv scanner', () => {
  it('passes an ordinary file through unchanged', () => {
    const text = 'a,b\r\n"x, ""y""",2\n\n3,"multi\nline"\n';
    const scanner = new CsvScanner(COMMA, 100);
    const bytes = Buffer.from(text);
    expect(scanner.push(bytes)).toBe(bytes);
  });

  it('hands the parser at most the cap of a 10 MB cell, and the rest of the file as it was', () => {
    const rest = '\n2,"after ""quoted"", cell"\n';
    const text = `a,b\n1,"${'x""y, z\n'.repeat(1_250_000)}"${rest}`;
    const out = scan(text, 1000, 64 * 1024);
    expect(out.length).toBeLessThan(1500); // 1000 characters, escaped quotes taking two bytes each
    expect(out.startsWith('a,b\n1,"x""y, z\n')).toBe(true);
    expect(out.endsWith(`"${rest}`)).toBe(true);
  });

  it('cuts unquoted cells too, at any chunk size', () => {
    for (const chunkSize of [1, 3, 1000]) {
      expect(scan(`a,${'z'.repeat(50)},b\n"${'q'.repeat(20)}""",c\n`, 5, chunkSize)).toBe('a,zzzzz,b\n"qqqqq",c\n');
    }
  });

  it('counts the empty lines before each record', () => {
    const scanner = new CsvScanner(COMMA, 100);
    scanner.push(Buffer.from('\r\n\r\na\r\n"\n\n"\n\n\r\rb\r'));
    scanner.push(Buffer.from('\nc'));
    expect([0, 1, 2, 3].map((ordinal) => scanner.takeEmptyLinesBefore(ordinal))).toEqual([2, 0, 3, 0]);
  });
});
