import { nameKey } from '@ferry/domain';
import { ConfigError, type SqlClient } from '@ferry/sdk';
import { renderEmail, type RenderedEmail } from './render-email';
import type { TemplateCatalog } from './template-catalog';

export interface PreviewRequest {
  workspaceId: string;
  template: string;
  /** The contact's email (any case). */
  email: string;
  /** Without it, the contact's own language, else English. */
  language?: string;
  /** For access emails: the offer's name (matched ignoring case). */
  offer?: string;
  appUrl: string;
}

/**
 * Renders a template for a real contact, as the sender would (`ferry emails
 * preview`). Links carry a placeholder token: a preview grants nothing.
 */
export async function previewEmail(db: SqlClient, catalog: TemplateCatalog, request: PreviewRequest): Promise<RenderedEmail> {
  const [contact] = await db.query<{ email: string; first_name: string | null; last_name: string | null; language: string | null; workspace_name: string }>(
    `select c.email, c.first_name, c.last_name, c.language, w.name as workspace_name
       from contact c join workspace w on w.id = c.workspace_id
      where c.workspace_id = ? and c.email_key = lower(?)`,
    [request.workspaceId, request.email.trim()],
  );
  if (!contact) throw new ConfigError('unknown_contact', `There is no contact with the email ${request.email}.`);
  let offer: { id: number; name: string } | undefined;
  if (request.offer) {
    [offer] = await db.query<{ id: number; name: string }>(`select id, name from offer where workspace_id = ? and name_key = ?`, [request.workspaceId, nameKey(request.offer)]);
    if (!offer) throw new ConfigError('unknown_offer', `There is no offer named "${request.offer}".`);
  }
  return renderEmail(db, catalog, {
    workspaceId: request.workspaceId,
    template: request.template,
    language: (request.language ?? contact.language ?? 'en').toLowerCase(),
    recipient: contact.email,
    token: 'preview',
    newAccount: true,
    firstName: contact.first_name,
    lastName: contact.last_name,
    email: contact.email,
    workspaceName: contact.workspace_name,
    offerId: offer?.id ?? null,
    offerName: offer?.name ?? null,
  }, request.appUrl);
}
