import { writeFileSync } from 'node:fs';

/**
 * A contacts CSV of `rows` data rows: names, a tag column, every 20th row a
 * duplicate of an earlier email in other case, every 50th an invalid email —
 * so a run has creates, merges and row issues all the way through.
 */
export function writeContactsFile(file: string, rows: number): void {
  const lines = ['Email,First name,Last name,Groups'];
  for (let i = 0; i < rows; i++) {
    let email = `person${i}@example.com`;
    if (i % 20 === 19) email = `PERSON${i - 10}@Example.com`;
    if (i % 50 === 49) email = `not-an-email-${i}`;
    lines.push(`${email},First${i},Last${i},group${i % 7}; cohort${i % 3}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
