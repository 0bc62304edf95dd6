import { ConfigError } from '@ferry/sdk';
import Handlebars from 'handlebars';
import type { TemplateParts } from './template-source';

/**
 * The helpers a template may use: handlebars' block helpers plus a few of
 * ours, none of which returns unescaped HTML. `log`, `lookup` and partials
 * are left out: a workspace's template must not reach anything but the
 * values it is given.
 */
export const TEMPLATE_HELPERS = ['if', 'unless', 'each', 'with', 'upper', 'lower', 'default', 'eq'] as const;

const OWN_HELPERS: Record<string, Handlebars.HelperDelegate> = {
  upper: (value: unknown) => (value == null ? '' : String(value).toUpperCase()),
  lower: (value: unknown) => (value == null ? '' : String(value).toLowerCase()),
  /** `{{default firstName "there"}}`: the value, or the fallback when it is empty. */
  default: (value: unknown, fallback: unknown) => (value == null || value === '' ? fallback : value),
  eq: (a: unknown, b: unknown) => a === b,
};

/** Every compile names the helpers it may call; anything else fails to compile. */
const KNOWN_HELPERS = {
  ...Object.fromEntries(TEMPLATE_HELPERS.map((name) => [name, true])),
  log: false,
  lookup: false,
};

export type Renderer = (data: Record<string, unknown>) => string;

export interface CompiledTemplate {
  subject: Renderer;
  html: Renderer;
  text: Renderer;
}

/**
 * Compiles templates in a Handlebars instance of its own (the global one, and
 * whatever other code registers on it, is never used). The HTML part escapes
 * every value; the subject and text parts are plain text.
 */
export class TemplateEngine {
  private readonly hbs = Handlebars.create();

  constructor() {
    this.hbs.unregisterHelper('log');
    this.hbs.unregisterHelper('lookup');
    this.hbs.registerHelper(OWN_HELPERS);
  }

  compile(parts: TemplateParts, label: string): CompiledTemplate {
    return {
      subject: this.part(parts.subject, `${label} (subject)`, true),
      html: this.part(parts.html, `${label} (html)`, false),
      text: this.part(parts.text, `${label} (text)`, true),
    };
  }

  private part(source: string, label: string, plainText: boolean): Renderer {
    let ast: ReturnType<typeof Handlebars.parse>;
    try {
      ast = this.hbs.parse(source);
    } catch (error) {
      throw new ConfigError('invalid_template', `${label}: ${firstLine(error)}`);
    }
    refuseUnsafe(ast, label);
    let template: Handlebars.TemplateDelegate;
    try {
      // Compiled now (not on first use), so a broken template is refused when it is saved.
      template = this.hbs.compile(ast, { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: plainText, strict: false });
      template({});
    } catch (error) {
      throw new ConfigError('invalid_template', `${label}: ${firstLine(error)}. Helpers a template may use: ${TEMPLATE_HELPERS.join(', ')}.`);
    }
    return (data) => template(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  }
}

/**
 * Refuses what could put a value into the HTML unescaped (`{{{x}}}`, `{{&x}}`)
 * or reach outside the values given (partials, decorators).
 */
function refuseUnsafe(node: unknown, label: string): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) refuseUnsafe(child, label);
    return;
  }
  const n = node as { type?: string; escaped?: boolean; loc?: { start: { line: number } } };
  const where = n.loc ? ` (line ${n.loc.start.line})` : '';
  if (n.type === 'MustacheStatement' && n.escaped === false) {
    throw new ConfigError('invalid_template', `${label}${where}: {{{ }}} and {{& }} are not allowed; every value is escaped.`);
  }
  if (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement' || n.type === 'Decorator' || n.type === 'DecoratorBlock') {
    throw new ConfigError('invalid_template', `${label}${where}: partials and decorators are not allowed in email templates.`);
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'loc' && value && typeof value === 'object') refuseUnsafe(value, label);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
