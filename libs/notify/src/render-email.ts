import type { ClaimedEmail } from '@ferry/domain';
import type { SqlClient } from '@ferry/sdk';
import type { TemplateCatalog } from './template-catalog';

/** An email ready for the transport. */
export interface RenderedEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The language of the template used (a fallback when the one asked for has none). */
  language: string;
}

/** What rendering needs of a message: the outbox row with its contact as it is now. */
export type EmailSubject = Pick<ClaimedEmail, 'workspaceId' | 'template' | 'language' | 'recipient' | 'token' | 'newAccount' | 'firstName' | 'lastName' | 'email' | 'workspaceName' | 'offerId' | 'offerName'>;

/**
 * The values a template sees (documented in templates/email/README.md).
 * Imported values are only ever data: the engine escapes them in HTML.
 */
export function templateValues(message: EmailSubject, appUrl: string): Record<string, unknown> {
  const base = appUrl.replace(/\/+$/, '');
  const token = encodeURIComponent(message.token);
  const name = [message.firstName, message.lastName].filter(Boolean).join(' ');
  return {
    firstName: message.firstName ?? '',
    lastName: message.lastName ?? '',
    name: name || message.email || message.recipient,
    email: message.email ?? message.recipient,
    workspaceName: message.workspaceName,
    offerName: message.offerName ?? '',
    newAccount: message.newAccount,
    language: message.language,
    appUrl: base,
    activationUrl: `${base}/activate?token=${token}`,
    courseUrl: message.offerId != null ? `${base}/offers/${message.offerId}?token=${token}` : base,
  };
}

/** Renders a message with the template its workspace and language call for (ConfigError when there is none). */
export async function renderEmail(db: SqlClient, catalog: TemplateCatalog, message: EmailSubject, appUrl: string): Promise<RenderedEmail> {
  const found = await catalog.find(db, message.workspaceId, message.template, message.language);
  const values = templateValues(message, appUrl);
  return {
    // The address the message was written for: what `ferry emails list` shows is where it went.
    to: message.recipient,
    // A subject is one header line: line breaks from a value would start new headers.
    subject: found.template.subject(values).replace(/[\r\n\t]+/g, ' ').trim(),
    html: found.template.html(values),
    text: found.template.text(values),
    language: found.language,
  };
}
