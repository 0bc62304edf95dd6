import { ContactBatchWriter, CORE_CONTACT_FIELDS, CustomFieldStore, customFieldSpecs, countRecords } from '@ferry/domain';
import type { FieldSpec, SinkPlugin } from '@ferry/sdk';
import { CourseEnrollmentConfig } from './course-enrollment.config';
import { EnrollmentBatchWriter } from './enrollment-writer';
import { manifest } from './manifest';
import { OfferResolver } from './offer-resolver';

// Not `required`: the offer option may name one offer for every row.
const OFFER_FIELDS: FieldSpec[] = [
  { key: 'offer', label: 'Offer', type: 'text', example: 'Piano for beginners', aliases: ['offer name', 'angebot', 'access', 'zugang'] },
  { key: 'product', label: 'Product', type: 'text', example: 'Piano basics', aliases: ['course', 'course name', 'kurs', 'produkt'] },
];

/**
 * Students straight into a course: each row grants an offer (or a product's
 * own offer) to the contact with the row's email, creating or updating the
 * contact first with the same merge rules as `crm-contacts`.
 */
export const courseEnrollmentSink: SinkPlugin<CourseEnrollmentConfig> = {
  manifest,
  config: CourseEnrollmentConfig,

  async fields(_config, context) {
    const custom = await new CustomFieldStore(context.db).list(context.workspaceId);
    const own = new Set(OFFER_FIELDS.map((f) => f.key));
    return [...CORE_CONTACT_FIELDS, ...customFieldSpecs(custom).filter((f) => !own.has(f.key)), ...OFFER_FIELDS];
  },

  async open(config, context) {
    const offers = await OfferResolver.open(config.offer, context);
    const contacts = await ContactBatchWriter.open(context, { updateExisting: config.updateExisting });
    const writer = new EnrollmentBatchWriter(offers, contacts, config.role, config);
    return { write: (rows, batchContext) => writer.write(rows, batchContext) };
  },

  countRecords: (_config, context) => countRecords(context.db, context.workspaceId, 'grants'),
};
