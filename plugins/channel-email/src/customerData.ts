import type { CustomerDataHandler, DataSubject, InteractionsApi, JsonValue, KeyValueStorage } from '@rapport/sdk';
import type { SentRecord } from './emailSender.js';
import { messageIdForKey } from './messageIds.js';
import { LEGACY_SENT_PREFIX, sentPrefix } from './sentRecords.js';
import { surveyKey } from './surveyMemory.js';

/** The id under which the plugin declares its customer data (`contributes.customerData`). */
export const CUSTOMER_DATA_ID = 'sent-emails';

/** What {@link emailCustomerData} works with: the plugin's storage and its reads of interactions. */
export interface EmailCustomerDataOptions {
  storage: KeyValueStorage;
  interactions: Pick<InteractionsApi, 'list'>;
  /** The domain of the Message-IDs the plugin makes (`messageIdDomain`). */
  messageIdDomain: string;
  channelId: string;
}

/** One stored thing about the customer, by the key it is kept under (and the Message-ID it is about, for a survey note). */
interface Found {
  key: string;
  value: JsonValue;
  messageId?: string;
}

/**
 * What the email channel keeps about a customer besides the core's interactions, for privacy
 * requests: the subject and time of each email sent with an idempotency key, and the survey
 * question an email asked (`survey:<Message-ID>`). The records are found by the customer
 * (`sent-to:<customer>:…`) or, for those 1.x wrote under the key alone, by the Message-ID derived
 * from the key; the survey notes by the Message-IDs of the customer's emails.
 *
 * @example
 * ```ts
 * ctx.subscriptions.push(ctx.privacy.registerCustomerData(CUSTOMER_DATA_ID, emailCustomerData({ storage: ctx.storage, interactions: ctx.interactions, messageIdDomain, channelId: 'email' })));
 * ```
 */
export function emailCustomerData(options: EmailCustomerDataOptions): CustomerDataHandler {
  return {
    async export(subject) {
      const { sent, surveys } = await find(options, subject);
      return {
        sent: sent.map(({ value }) => {
          const record = value as unknown as SentRecord;
          return { messageId: record.externalId, subject: record.subject, sentAt: record.sentAt };
        }),
        surveys: surveys.map(({ messageId, value }) => ({ messageId: messageId!, question: value })),
      };
    },
    async erase(subject) {
      const { sent, surveys } = await find(options, subject);
      for (const { key } of [...sent, ...surveys]) await options.storage.delete(key);
    },
  };
}

async function find({ storage, interactions, messageIdDomain, channelId }: EmailCustomerDataOptions, subject: DataSubject): Promise<{ sent: Found[]; surveys: Found[] }> {
  const messageIds = new Set<string>();
  // The core's interactions are still there: plugins erase first (docs/security/privacy.md).
  for (const id of [subject.id, ...subject.mergedIds]) {
    for (const interaction of await interactions.list(id, { channel: channelId })) if (interaction.externalId) messageIds.add(interaction.externalId);
  }
  const sentKeys = (await Promise.all([subject.id, ...subject.mergedIds].map((id) => storage.keys(sentPrefix(id))))).flat();
  // 1.x records carry no customer; their Message-ID is derived from their key (messageIdForKey).
  const legacyKeys = (await storage.keys(LEGACY_SENT_PREFIX)).filter((key) => messageIds.has(messageIdForKey(key.slice(LEGACY_SENT_PREFIX.length), messageIdDomain)));
  return {
    sent: await read(storage, [...sentKeys, ...legacyKeys].map((key) => ({ key }))),
    surveys: await read(storage, [...messageIds].map((messageId) => ({ key: surveyKey(messageId), messageId }))),
  };
}

async function read(storage: KeyValueStorage, wanted: readonly Omit<Found, 'value'>[]): Promise<Found[]> {
  const found: Found[] = [];
  for (const entry of wanted) {
    const value = await storage.get(entry.key);
    if (value !== undefined) found.push({ ...entry, value });
  }
  return found;
}
