import { columnOf, FatalRunError, rejectRow, warnRow, type Row, type Step, type StepContext, type StepPlugin } from '@ferry/sdk';
import { dotlessDomain, emailProblem, trimBlanks } from './email-check';
import { manifest } from './manifest';
import { NormalizeEmailConfig } from './normalize-email.config';

/**
 * Keeps the trimmed address (case as written: the sink lower-cases its key).
 * A row without a usable address is rejected (an empty one only when `required`).
 */
function createNormalizeEmail(config: NormalizeEmailConfig, context: StepContext): Step {
  const { field } = config;
  if (context.columns.length > 0 && !context.columns.some((c) => c.key === field)) {
    throw new FatalRunError('missing_field', `Rows have no ${field} field, so every row would be rejected. Map a column to it with --map "Header=${field}".`, {
      field,
    });
  }
  return {
    transform(rows: Row[]): Row[] {
      for (const row of rows) {
        const raw = row.values[field];
        const email = raw === undefined || raw === null ? '' : trimBlanks(typeof raw === 'string' ? raw : String(raw));
        if (email === '') {
          // Left as it came: the sink decides what an empty address means.
          if (!config.required) continue;
          rejectRow(row, { column: columnOf(row, field), value: raw, code: 'missing_email', message: 'The email address is empty; every contact needs one.' });
          continue;
        }
        const problem = emailProblem(email);
        if (problem !== undefined) {
          rejectRow(row, { column: columnOf(row, field), value: email, code: 'invalid_email', message: problem });
          continue;
        }
        row.values[field] = email;
        const domain = dotlessDomain(email);
        if (domain !== undefined) {
          warnRow(row, {
            column: columnOf(row, field),
            value: email,
            code: 'suspicious_email',
            message: `The domain "${domain}" has no dot, which is rare (is "gmailcom" meant to be "gmail.com"?). The address was kept.`,
          });
        }
      }
      return rows;
    },
  };
}

export const normalizeEmailStep: StepPlugin<NormalizeEmailConfig> = {
  manifest,
  config: NormalizeEmailConfig,
  create: createNormalizeEmail,
};
