import { EmailTemplateStore, type Database } from '@ferry/domain';
import { ConfigError } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { renderEmail, type EmailSubject } from '../src/render-email';
import { TemplateCatalog } from '../src/template-catalog';

/* Rendering with Ferry's built-in templates and a workspace's own, stored in the real database. */

let db: Database;
let workspaceId: string;
const catalog = new TemplateCatalog();
const APP = 'https://learn.example.com';

beforeAll(async () => {
  db = await openTestDatabase();
  workspaceId = (await newWorkspace(db, 'render')).id;
  await db.sql.query(`update workspace set name = 'Piano School' where id = ?`, [workspaceId]);
});
afterAll(() => db.close());

const message = (over: Partial<EmailSubject> = {}): EmailSubject => ({
  workspaceId, template: 'activation', language: 'en', recipient: 'ada@example.com', token: '5b0e6a4e-7c1f-4d4e-9a43-1a2b3c4d5e6f',
  newAccount: false, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', workspaceName: 'Piano School', offerId: null, offerName: null,
  ...over,
});

/** Handlebars writes = in values as &#x3D; (valid in HTML; mail clients read it as =). */
const decoded = (html: string) => html.replace(/&#x3D;/g, '=');

const saveTemplate = (name: string, language: string, source: string) => new EmailTemplateStore(db.sql).save(workspaceId, { name, language, source });

describe('built-in templates', () => {
  it('renders the activation email in the contact\'s language, with the name and a set-password link', async () => {
    const email = await renderEmail(db.sql, catalog, message({ language: 'de' }), APP);
    expect(email).toMatchObject({ to: 'ada@example.com', language: 'de', subject: 'Ihr Konto bei Piano School ist bereit' });
    expect(email.html).toContain('<p>Hallo Ada,</p>');
    expect(decoded(email.html)).toContain('href="https://learn.example.com/activate?token=5b0e6a4e-7c1f-4d4e-9a43-1a2b3c4d5e6f"');
    expect(email.text).toContain('Hallo Ada,');
    expect(email.text).not.toContain('<');
  });

  it('falls back to English for a language without the template, and from de-AT to German', async () => {
    expect(await renderEmail(db.sql, catalog, message({ language: 'fr' }), APP)).toMatchObject({ language: 'en', subject: 'Your Piano School account is ready' });
    expect((await renderEmail(db.sql, catalog, message({ language: 'de-AT' }), APP)).language).toBe('de');
  });

  it('adds the set-password link to an access email only for an account the import created', async () => {
    const access = message({ template: 'access-granted', offerId: 7, offerName: 'Piano for beginners' });
    const existing = await renderEmail(db.sql, catalog, access, APP);
    expect(existing.subject).toBe('You now have access to Piano for beginners');
    expect(decoded(existing.html)).toContain('https://learn.example.com/offers/7?token=');
    expect(existing.html).not.toContain('/activate');
    expect(decoded((await renderEmail(db.sql, catalog, { ...access, newAccount: true }, APP)).html)).toContain('/activate?token=');
  });

  it('has every built-in template in English, and every file renders with a subject and both bodies', async () => {
    const builtIn = catalog.builtIn();
    expect([...builtIn.keys()].sort()).toEqual(['access-granted', 'activation', 'invitation']);
    for (const [template, languages] of builtIn) {
      expect(languages).toEqual(expect.arrayContaining(['de', 'en']));
      for (const language of languages) {
        const email = await renderEmail(db.sql, catalog, message({ template, language, offerId: 1, offerName: 'Piano' }), APP);
        expect({ template, language: email.language }).toEqual({ template, language });
        expect(email.subject.length).toBeGreaterThan(5);
        expect(email.html).toContain(template === 'access-granted' ? '/offers/1' : '/activate');
        expect(email.text).toContain('https://learn.example.com/');
      }
    }
  });

  it('refuses an unknown template, naming the ones there are', async () => {
    await expect(renderEmail(db.sql, catalog, message({ template: 'nothing-here' }), APP)).rejects.toThrow(/no email template "nothing-here".*activation/);
    await expect(renderEmail(db.sql, catalog, message({ template: '../../package' }), APP)).rejects.toThrow(ConfigError);
  });
});

describe('imported values are escaped', () => {
  it('puts a script tag in a first name into the HTML as text, and keeps the subject on one line', async () => {
    const email = await renderEmail(db.sql, catalog, message({ firstName: '<script>alert(1)</script>', workspaceName: 'A\r\nBcc: x@evil.example' }), APP);
    expect(email.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(email.html).not.toContain('<script>');
    expect(email.subject).toBe('Your A Bcc: x@evil.example account is ready');
  });

  it('refuses a workspace template that would insert a value unescaped', () => {
    const unsafe = (body: string) => `{{!-- subject --}}\nHi\n{{!-- html --}}\n${body}\n{{!-- text --}}\nHi\n`;
    expect(() => catalog.check(unsafe('<p>{{{firstName}}}</p>'), 'mine')).toThrow(/\{\{\{ \}\}\} and \{\{& \}\} are not allowed/);
    expect(() => catalog.check(unsafe('<p>{{&firstName}}</p>'), 'mine')).toThrow(/not allowed/);
    expect(() => catalog.check(unsafe('<p>{{> header}}</p>'), 'mine')).toThrow(/partials/);
  });
});

describe('workspace templates', () => {
  it('use the workspace\'s own version before the built-in one, per language', async () => {
    await saveTemplate('activation', 'de', '{{!-- subject --}}\nWillkommen, {{firstName}}!\n{{!-- html --}}\n<h1>{{upper workspaceName}}</h1>\n{{!-- text --}}\n{{workspaceName}}\n');
    const german = await renderEmail(db.sql, catalog, message({ language: 'de' }), APP);
    expect(german).toMatchObject({ subject: 'Willkommen, Ada!', html: '<h1>PIANO SCHOOL</h1>', text: 'Piano School' });
    // English is still Ferry's own.
    expect((await renderEmail(db.sql, catalog, message(), APP)).subject).toBe('Your Piano School account is ready');
  });

  it('may add a template of their own, which falls back to its English version', async () => {
    await saveTemplate('summer-camp', 'en', '{{!-- subject --}}\nSummer camp\n{{!-- html --}}\n<p>{{#if (eq language "fr")}}Bonjour{{else}}Hello{{/if}} {{lower lastName}}</p>\n{{!-- text --}}\nHello\n');
    const email = await renderEmail(db.sql, catalog, message({ template: 'summer-camp', language: 'fr' }), APP);
    expect(email).toMatchObject({ subject: 'Summer camp', language: 'en', html: '<p>Bonjour lovelace</p>' });
  });

  it('may use only the listed helpers: log, lookup and anything unknown fail to compile', () => {
    const withHtml = (html: string) => `{{!-- subject --}}\nHi\n{{!-- html --}}\n${html}\n{{!-- text --}}\nHi\n`;
    for (const html of ['{{lookup this "constructor"}}', '{{log firstName}}', '{{#blink firstName}}x{{/blink}}', '{{shout firstName}}']) {
      expect(() => catalog.check(withHtml(html), 'mine')).toThrow(/Helpers a template may use: if, unless, each, with, upper, lower, default, eq/);
    }
    expect(() => catalog.check(withHtml('{{#each items}}{{this}}{{/each}} {{default firstName "you"}}'), 'mine')).not.toThrow();
  });

  it('must have a subject, an html and a text section', () => {
    expect(() => catalog.check('{{!-- subject --}}\nHi\n{{!-- html --}}\n<p>Hi</p>\n', 'mine')).toThrow(/no text section/);
    expect(() => catalog.check('Hello {{firstName}}', 'mine')).toThrow(/no subject, html, text section/);
  });

  it('cannot reach properties of the values\' prototypes', async () => {
    await saveTemplate('probe', 'en', '{{!-- subject --}}\n[{{firstName.constructor}}]\n{{!-- html --}}\n<p>{{email.__proto__}}</p>\n{{!-- text --}}\n{{firstName.constructor.name}}\n');
    const email = await renderEmail(db.sql, catalog, message({ template: 'probe' }), APP);
    expect(email).toMatchObject({ subject: '[]', html: '<p></p>', text: '' });
  });
});
