import { SqlSession } from '../../src/persistence/SqlSession.js';
import { toGlobalId } from '../../src/graphql/globalIds.js';
import type { PrivacyHarness } from './privacyHarness.js';

/**
 * Personal data distinctive enough that finding any of it in a database file can only mean it
 * was left there: one string for each place the core keeps personal data.
 */
export const PERSONAL = {
  name: 'Zephyrine Quillfeather',
  email: 'zephyrine.quillfeather@erasure-test.example',
  phone: '+41791234567',
  /** The email of a customer merged into her. */
  oldEmail: 'z.quill.old@erasure-test.example',
  attribute: 'lives at 42 Zephyr Lane',
  subject: 'Parcel QX-7731 never arrived',
  text: 'Please call me back about parcel QX-7731-ZEPHYR',
  metadata: 'loyalty card ZQ-99887766',
  threadKey: 'thread-zephyrine-2026',
  externalId: 'msg-zephyrine-0001',
  reply: 'Dear Zephyrine, we are on it',
  comment: 'the courier was rude to Zephyrine',
} as const;

/** What {@link seedCustomer} made, by global id (and raw id where tests need it). */
export interface SeededCustomer {
  id: string;
  rawId: string;
  mergedId: string;
  rawMergedId: string;
  conversationId: string;
  rawConversationId: string;
  /** Another customer (raw id), who must come out of every erasure untouched. */
  bystanderId: string;
}

/**
 * A customer with something in every place: identities (one from a merged customer), attributes,
 * an inbound message with subject, metadata, thread key and external id, a reply, a survey answer
 * with a comment, a resolved conversation (which starts the fixture survey workflow, if loaded),
 * a score and a segment membership, plus a bystander with a conversation of their own.
 */
export async function seedCustomer(h: PrivacyHarness): Promise<SeededCustomer> {
  const { customers, merger, interactions, conversations } = h.kernel;
  const customer = await customers.create({ displayName: PERSONAL.name, emails: [PERSONAL.email], phones: [PERSONAL.phone], attributes: { home: PERSONAL.attribute, tier: 'gold' } });
  const old = await customers.create({ emails: [PERSONAL.oldEmail] });
  await merger.merge(customer.id, old.id);

  const inbound = await interactions.record({
    customerId: customer.id,
    channel: 'fixture-sms',
    direction: 'INBOUND',
    type: 'message',
    subject: PERSONAL.subject,
    text: PERSONAL.text,
    externalId: PERSONAL.externalId,
    threadKey: PERSONAL.threadKey,
    metadata: { card: PERSONAL.metadata },
  });
  await h.clock.set(new Date('2026-03-02T09:30:00.000Z'));
  await interactions.record({ customerId: customer.id, channel: 'fixture-sms', direction: 'OUTBOUND', type: 'message', text: PERSONAL.reply });
  await interactions.record({ customerId: customer.id, channel: 'fixture-sms', direction: 'INBOUND', type: 'survey_response', text: '4', metadata: { csat: 4, comment: PERSONAL.comment } });
  await h.clock.set(new Date('2026-03-02T10:00:00.000Z'));
  await conversations.resolve(inbound.conversationId!);
  const bystander = await interactions.record({ email: 'bystander@example.com', channel: 'fixture-sms', direction: 'INBOUND', type: 'message', text: 'Hello' });
  await h.settle();

  const sql = SqlSession.autocommit(h.kernel.database);
  const now = sql.date(h.clock.now());
  await sql.run('insert into scores (customer_id, rule, value, label, explanation, computed_at) values (?, ?, ?, ?, ?, ?)', [
    customer.id,
    'loyalty',
    3,
    'gold',
    `${PERSONAL.name} bought a lot`,
    now,
  ]);
  await sql.run('insert into segment_memberships (customer_id, model, segment, since) values (?, ?, ?, ?)', [customer.id, 'lifecycle', 'active', now]);
  return {
    id: toGlobalId('Customer', customer.id),
    rawId: customer.id,
    mergedId: toGlobalId('Customer', old.id),
    rawMergedId: old.id,
    conversationId: toGlobalId('Conversation', inbound.conversationId!),
    rawConversationId: inbound.conversationId!,
    bystanderId: bystander.customerId,
  };
}
