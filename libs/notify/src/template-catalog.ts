import { EmailTemplateStore, LANGUAGE_CODE, TEMPLATE_NAME } from '@ferry/domain';
import { ConfigError, type SqlClient } from '@ferry/sdk';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TemplateEngine, type CompiledTemplate } from './template-engine';
import { splitTemplate } from './template-source';

/** The language every template has, and the one any other falls back to. */
export const FALLBACK_LANGUAGE = 'en';

export interface FoundTemplate {
  template: CompiledTemplate;
  /** The language it is written in (the one asked for, or a fallback). */
  language: string;
  /** Where it came from: the workspace's own, or Ferry's built-in file. */
  origin: 'workspace' | 'built-in';
}

/**
 * Finds a template by name for a language: for `de-at`, then `de`, then
 * English, the workspace's own version before the built-in file at each
 * step. Compiled templates are kept (built-in ones for the process, a
 * workspace's by its source text).
 */
export class TemplateCatalog {
  private readonly engine = new TemplateEngine();
  private readonly compiled = new Map<string, CompiledTemplate>();

  constructor(private readonly dir: string = builtInTemplatesDir()) {}

  async find(db: SqlClient, workspaceId: string, name: string, language: string): Promise<FoundTemplate> {
    // Names and languages become file paths: only well-formed ones are looked up.
    if (!TEMPLATE_NAME.test(name)) throw new ConfigError('unknown_template', `"${name}" is not a template name (lower-case letters, digits, dashes).`, { template: name });
    const chain = languageChain(LANGUAGE_CODE.test(language) ? language : FALLBACK_LANGUAGE);
    const own = await new EmailTemplateStore(db).find(workspaceId, name, chain);
    for (const lang of chain) {
      const stored = own.find((t) => t.language === lang);
      if (stored) return { template: this.compileOnce(`workspace:${stored.source}`, stored.source, `template ${name} (${lang})`), language: lang, origin: 'workspace' };
      const file = path.join(this.dir, lang, `${name}.hbs`);
      if (existsSync(file)) return { template: this.compileOnce(`file:${file}`, readFileSync(file, 'utf8'), path.relative(process.cwd(), file)), language: lang, origin: 'built-in' };
    }
    const known = await this.names(db, workspaceId);
    throw new ConfigError('unknown_template', `There is no email template "${name}". Templates: ${known.join(', ') || 'none'}.`, { template: name });
  }

  /** True when the workspace or Ferry has a template of this name (in any language). */
  async exists(db: SqlClient, workspaceId: string, name: string): Promise<boolean> {
    return (await this.names(db, workspaceId)).includes(name);
  }

  /** Checks a workspace template's source (sections, syntax, helpers, escaping); throws ConfigError saying what is wrong. */
  check(source: string, label: string): void {
    this.engine.compile(splitTemplate(source, label), label);
  }

  /** Built-in template names and languages, by name. */
  builtIn(): Map<string, string[]> {
    const names = new Map<string, string[]>();
    if (!existsSync(this.dir)) return names;
    for (const lang of readdirSync(this.dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      for (const file of readdirSync(path.join(this.dir, lang)).filter((f) => f.endsWith('.hbs'))) {
        const name = file.slice(0, -'.hbs'.length);
        names.set(name, [...(names.get(name) ?? []), lang]);
      }
    }
    return names;
  }

  private async names(db: SqlClient, workspaceId: string): Promise<string[]> {
    const own = await new EmailTemplateStore(db).list(workspaceId);
    return [...new Set([...this.builtIn().keys(), ...own.map((t) => t.name)])].sort();
  }

  private compileOnce(key: string, source: string, label: string): CompiledTemplate {
    let template = this.compiled.get(key);
    if (!template) {
      template = this.engine.compile(splitTemplate(source, label), label);
      // Workspace templates change; a long-running worker keeps only so many.
      if (this.compiled.size >= 500) this.compiled.clear();
      this.compiled.set(key, template);
    }
    return template;
  }
}

/** `de-AT` → `de-at`, `de`, `en`. */
export function languageChain(language: string): string[] {
  const lang = language.trim().toLowerCase() || FALLBACK_LANGUAGE;
  const chain = [lang];
  const base = lang.split('-')[0];
  if (base !== lang) chain.push(base);
  if (!chain.includes(FALLBACK_LANGUAGE)) chain.push(FALLBACK_LANGUAGE);
  return chain;
}

/** templates/email at the repository's root, found upwards from here (from src/ or from dist/). */
export function builtInTemplatesDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'templates', 'email');
    if (existsSync(candidate)) return candidate;
  }
  return path.resolve('templates', 'email');
}
