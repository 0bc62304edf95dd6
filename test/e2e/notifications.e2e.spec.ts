import { runFerry } from '../support/run-ferry';
import { scratchFiles } from '../support/cli-session';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { uniqueSlug } from '../support/test-database';

/*
 * Emails from imports, as users get them: `ferry` runs as a process (inline,
 * no Redis) and sends through a real SMTP server on loopback.
 */

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterEach(() => {
  smtp.mails.length = 0;
});
afterAll(() => smtp.close());

const file = scratchFiles('ferry-notify');
const ferry = (workspace: string, args: string[]) => runFerry(args, { workspace, env: { ...smtp.env, FERRY_APP_URL: 'https://learn.example.com' } });

const people = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => `person${from + k}@example.com,First${from + k},Last${from + k}`);
const csv = (rows: string[]) => `Email,First name,Last name\n${rows.join('\n')}\n`;

describe('activation emails from ferry import', () => {
  it("writes each new contact in their own language from a Language column, English where it is empty", async () => {
    const ws = uniqueSlug('notify-lang');
    const input = file('languages.csv', 'Email,First name,Language\nanna@example.com,Anna,DE\nbea@example.com,Bea,\n');
    const run = await ferry(ws, ['import', input, '--notify', '--json']);
    expect(run.json().emails).toEqual({ queued: 0, sent: 2, failed: 0 });
    const byRecipient = new Map(smtp.mails.map((m) => [m.to[0], m]));
    expect(byRecipient.get('anna@example.com')!.text).toContain('Hallo Anna,');
    expect(byRecipient.get('bea@example.com')!.text).not.toContain('Hallo');
    expect(byRecipient.get('bea@example.com')!.text).toContain('Bea');
  });

  it('sends exactly one German activation email to each of the 10 new contacts, none to the 5 that existed, none on a re-run', async () => {
    const ws = uniqueSlug('notify');
    const existing = file('existing.csv', csv(people(0, 5)));
    expect((await ferry(ws, ['import', existing, '--notify'])).code).toBe(0);
    await smtp.waitForMails(5);
    smtp.mails.length = 0;

    const mixed = file('mixed.csv', csv(people(0, 15)));
    const run = await ferry(ws, ['import', mixed, '--notify', '--language', 'de', '--json']);
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.counts).toMatchObject({ created: 10, unchanged: 5 });
    expect(result.emails).toEqual({ queued: 0, sent: 10, failed: 0 });

    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(people(5, 15).map((line) => line.split(',')[0]).sort());
    for (const mail of smtp.mails) {
      const n = /person(\d+)@/.exec(mail.to[0])![1];
      expect(mail.subject).toBe(`Ihr Konto bei ${ws} ist bereit`);
      expect(mail.html).toContain(`<p>Hallo First${n},</p>`);
      expect(mail.text).toContain(`Hallo First${n},`);
      expect(mail.text).toMatch(/https:\/\/learn\.example\.com\/activate\?token=[0-9a-f-]{36}/);
    }

    const listed = (await ferry(ws, ['emails', 'list', '--run', result.runId, '--json'])).json<Record<string, unknown>[]>();
    expect(listed).toHaveLength(10);
    expect(listed[0]).toMatchObject({ status: 'sent', template: 'activation', language: 'de', attempts: 1, error: null });
    expect((await ferry(ws, ['runs', 'show', result.runId.slice(0, 8), '--json'])).json().emails).toEqual({ queued: 0, sent: 10, failed: 0 });

    const again = await ferry(ws, ['import', mixed, '--notify', '--language', 'de', '--json']);
    expect(again.json()).toMatchObject({ counts: { created: 0, unchanged: 15 }, emails: { queued: 0, sent: 0, failed: 0 } });
    expect(smtp.mails).toHaveLength(10);
  });

  it('sends nothing with notify off (the crm-contacts default) or in a dry-run', async () => {
    const ws = uniqueSlug('quiet');
    const dry = await ferry(ws, ['import', file('dry.csv', csv(people(0, 4))), '--notify', '--dry-run', '--json']);
    expect(dry.json().counts.created).toBe(4);
    expect((await ferry(ws, ['runs', 'show', dry.json().runId, '--json'])).json().emails).toEqual({ queued: 0, sent: 0, failed: 0 });
    const off = await ferry(ws, ['import', file('off.csv', csv(people(0, 4))), '--json']);
    expect(off.json()).toMatchObject({ counts: { created: 4 }, emails: { queued: 0, sent: 0, failed: 0 } });
    expect((await ferry(ws, ['import', file('off2.csv', csv(people(4, 6))), '--no-notify', '--json'])).json().emails.sent).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails).toHaveLength(0);
  });

  it('escapes a first name that holds a script tag in the HTML body', async () => {
    const ws = uniqueSlug('xss');
    const evil = file('evil.csv', 'Email,First name\nmallory@example.com,<script>alert(1)</script>\n');
    expect((await ferry(ws, ['import', evil, '--notify'])).code).toBe(0);
    const [mail] = await smtp.waitForMails(1);
    expect(mail.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('Hello <script>alert(1)</script>,');
  });

  it('sends an access email for each new grant only, with the set-password link for a contact the import created', async () => {
    const ws = uniqueSlug('access');
    expect((await ferry(ws, ['products', 'add', 'Piano basics'])).code).toBe(0);
    expect((await ferry(ws, ['import', file('known.csv', csv(people(0, 1)))])).code).toBe(0);
    const enrol = file('enrol.csv', csv(people(0, 3)));
    const first = await ferry(ws, ['import', enrol, '--into', 'course-enrollment', '--offer', 'Piano basics', '--json']);
    expect(first.json().emails).toEqual({ queued: 0, sent: 3, failed: 0 });
    const byRecipient = new Map(smtp.mails.map((m) => [m.to[0], m]));
    expect(byRecipient.get('person0@example.com')!.subject).toBe('You now have access to Piano basics');
    expect(byRecipient.get('person0@example.com')!.text).not.toContain('/activate');
    expect(byRecipient.get('person1@example.com')!.text).toContain('/activate?token=');

    const again = await ferry(ws, ['import', enrol, '--into', 'course-enrollment', '--offer', 'Piano basics', '--json']);
    expect(again.json().emails.sent).toBe(0);
    expect(smtp.mails).toHaveLength(3);
  });

  it("previews a template for a real contact, and takes the workspace's own template", async () => {
    const ws = uniqueSlug('preview');
    await ferry(ws, ['import', file('one.csv', csv(['ada@example.com,Ada,Lovelace']))]);
    const preview = (await ferry(ws, ['emails', 'preview', 'activation', '--contact', 'ADA@example.com', '--language', 'de', '--json'])).json();
    expect(preview).toMatchObject({ to: 'ada@example.com', language: 'de', subject: `Ihr Konto bei ${ws} ist bereit` });
    expect(preview.html).toContain('Hallo Ada,');

    const unsafe = file('unsafe.hbs', '{{!-- subject --}}\nHi\n{{!-- html --}}\n<p>{{{firstName}}}</p>\n{{!-- text --}}\nHi\n');
    const refused = await ferry(ws, ['emails', 'templates', 'add', 'welcome', '--language', 'en', '--file', unsafe]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('{{{ }}} and {{& }} are not allowed');

    const own = file('welcome.hbs', '{{!-- subject --}}\nWelcome, {{firstName}}\n{{!-- html --}}\n<p>{{upper lastName}}</p>\n{{!-- text --}}\nWelcome\n');
    expect((await ferry(ws, ['emails', 'templates', 'add', 'welcome', '--language', 'en', '--file', own])).code).toBe(0);
    expect((await ferry(ws, ['emails', 'preview', 'welcome', '--contact', 'ada@example.com', '--json'])).json()).toMatchObject({ subject: 'Welcome, Ada', html: '<p>LOVELACE</p>' });

    const unknown = await ferry(ws, ['import', file('two.csv', csv(['bob@example.com,Bob,B'])), '--notify', '--template', 'no-such']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no email template "no-such"');
  });
});
