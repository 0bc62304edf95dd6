import { ConfigError } from '@ferry/sdk';

/** A template file's three parts, still handlebars source. */
export interface TemplateParts {
  subject: string;
  html: string;
  text: string;
}

const SECTIONS = ['subject', 'html', 'text'] as const;
const MARKER = /^\{\{!--\s*(subject|html|text)\s*--\}\}[ \t]*\r?$/gm;

/**
 * Splits a template file into its sections. A file is one handlebars text
 * with three marker comments, each on a line of its own, so it stays valid
 * handlebars as a whole:
 *
 *     {{!-- subject --}}
 *     Welcome to {{workspaceName}}
 *     {{!-- html --}}
 *     <p>Hello {{firstName}}</p>
 *     {{!-- text --}}
 *     Hello {{firstName}}
 */
export function splitTemplate(source: string, label: string): TemplateParts {
  const found = [...source.matchAll(MARKER)];
  const parts: Partial<TemplateParts> = {};
  found.forEach((match, i) => {
    const section = match[1] as keyof TemplateParts;
    if (parts[section] !== undefined) throw new ConfigError('invalid_template', `${label}: the ${section} section appears twice.`);
    const start = match.index! + match[0].length;
    const end = i + 1 < found.length ? found[i + 1].index! : source.length;
    parts[section] = source.slice(start, end).replace(/^\r?\n/, '').replace(/\s+$/, '');
  });
  const missing = SECTIONS.filter((s) => parts[s] === undefined);
  if (missing.length) {
    throw new ConfigError('invalid_template', `${label}: no ${missing.join(', ')} section. A template has three, each starting with a line {{!-- subject --}}, {{!-- html --}}, {{!-- text --}}.`);
  }
  const before = found.length ? source.slice(0, found[0].index).trim() : '';
  if (before && !/^(\{\{!--[\s\S]*?--\}\}\s*)+$/.test(before)) throw new ConfigError('invalid_template', `${label}: text before the first section; only comments may come first.`);
  if (!parts.subject!.trim()) throw new ConfigError('invalid_template', `${label}: the subject is empty.`);
  return parts as TemplateParts;
}
