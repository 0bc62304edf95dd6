import type { SinkContext } from '@ferry/sdk';
import { EmailOutboxStore, type EmailRequest, type NotifySettings } from '../repositories/email-outbox-store';
import type { ContactWriteResult } from './contact-writer';

/** A language code as sink options take it: `de`, `en`, `pt-br`. */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i;

/** An email template's name: lower-case letters, digits and dashes (`activation`, `summer-welcome`). */
export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A sink's notify options, as its config class holds them. */
export interface NotifyOptions {
  notify: boolean;
  template: string;
  language?: string;
}

/**
 * Queues the template for every contact the batch created, in the batch's
 * transaction: a contact that existed (updated, unchanged, skipped) never
 * gets it. Nothing in a dry-run or with notify off.
 */
export async function notifyCreatedContacts(context: SinkContext, written: ContactWriteResult, options: NotifyOptions): Promise<void> {
  if (!options.notify || context.dryRun) return;
  const requests: EmailRequest[] = [];
  written.outcomes.forEach((outcome, i) => {
    const id = written.contacts[i]?.id;
    if (outcome.status === 'created' && id) requests.push({ contactId: id });
  });
  await queueEmails(context, options, requests);
}

/** Queues emails a sink has decided on (access grants, ...), with its notify options; nothing in a dry-run or with notify off. */
export async function queueEmails(context: SinkContext, options: NotifyOptions, requests: EmailRequest[]): Promise<void> {
  if (!options.notify || context.dryRun || requests.length === 0) return;
  const settings: NotifySettings = { template: options.template, language: options.language?.toLowerCase() };
  await new EmailOutboxStore(context.db).enqueue(context.workspaceId, context.runId, settings, requests);
}
