// Phones per second for 200,000 mixed-format UK numbers, for each metadata set and check,
// and through the step itself. Run:
//   npx jest -i --testMatch '**/step-normalize-phone/test/*.bench.ts'
// Jest runs code in a vm context, which slows libphonenumber down; for figures without
// that, run the same loop under plain node.
import { createRow, createValues, resolveConfig, type Row } from '@ferry/sdk';
import * as max from 'libphonenumber-js/max';
import * as min from 'libphonenumber-js/min';
import * as mobile from 'libphonenumber-js/mobile';
import { normalizePhoneStep } from '..';

const COUNT = 200_000;
const FORMATS = [
  (n: string) => `07700 ${n}`,
  (n: string) => `+44 7700 ${n}`,
  (n: string) => `(0)7700-${n}`,
  (n: string) => `0044 7700${n}`,
  (n: string) => `020 7946 ${n.slice(2)}`,
];
const INPUTS = Array.from({ length: COUNT }, (_, i) => FORMATS[i % FORMATS.length](String(900000 + (i % 1000))));
const GARBAGE = ['12', 'hello', '0000'];

function perSecond(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Math.round(COUNT / (Number(process.hrtime.bigint() - started) / 1e9));
}

it('measures metadata sets and checks', () => {
  const lines: string[] = [];
  for (const [name, lib] of [['min', min], ['max', max], ['mobile', mobile]] as const) {
    for (const check of ['isValid', 'isPossible'] as const) {
      const normalise = (text: string) => {
        const phone = lib.parsePhoneNumberFromString(text, 'GB');
        return phone && phone[check]() ? phone.number : undefined;
      };
      INPUTS.slice(0, 5_000).forEach(normalise);
      let kept = 0;
      const rate = perSecond(() => INPUTS.forEach((text) => normalise(text) && kept++));
      const garbage = GARBAGE.filter((text) => normalise(text) !== undefined);
      lines.push(`${name.padEnd(6)} ${check.padEnd(10)} ${rate.toLocaleString('en').padStart(8)}/s  kept ${kept}/${COUNT}  garbage kept: ${garbage.join(',') || 'none'}`);
    }
  }
  console.log(lines.join('\n'));
});

it('measures the step', async () => {
  const step = await normalizePhoneStep.create(resolveConfig(normalizePhoneStep, { defaultCountry: 'GB' }), { columns: [], fields: [] });
  const batches: Row[][] = [];
  for (let i = 0; i < COUNT; i += 1000) {
    batches.push(INPUTS.slice(i, i + 1000).map((phone, j) => createRow(createValues([['phone', phone]]), { file: 'uk.csv', row: i + j + 2 })));
  }
  const rate = perSecond(() => batches.forEach((rows) => step.transform(rows)));
  console.log(`normalize-phone step: ${rate.toLocaleString('en')} rows/s`);
  expect(batches.every((rows) => rows.every((row) => row.issues.length === 0))).toBe(true);
});
