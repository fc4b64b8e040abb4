import { eraseSentRecords, exportSentRecords } from '@rapport/lib-provider-http';
import type { CustomerDataHandler, DataSubject, KeyValueStorage } from '@rapport/sdk';
import type { PendingSurveys } from '@rapport/lib-survey-replies';

/** The id under which the plugin declares its customer data (`contributes.customerData`). */
export const CUSTOMER_DATA_ID = 'sent-messages';

/**
 * The records `sendOnce` keeps of messages sent with an idempotency key (the Graph API's message
 * id and when it was sent), for `exportCustomer` and `eraseCustomer`. Records kept under a
 * customer merged into this one are this customer's too. So is a survey question sent to one of
 * their addresses (WhatsApp number, Messenger page-scoped id) that waits for an answer.
 */
export function metaCustomerData(storage: KeyValueStorage, surveys: PendingSurveys): CustomerDataHandler {
  return {
    async export(subject) {
      const records = [];
      for (const id of [subject.id, ...subject.mergedIds]) records.push(...(await exportSentRecords(storage, id)));
      const pending = [];
      for (const { channel, address } of addressesOf(subject)) {
        const survey = await surveys.find(channel, address);
        if (survey) pending.push({ channel, address, externalId: survey.messageId, question: { ...survey.question }, askedAt: survey.askedAt });
      }
      return { sent: records.map((record) => ({ externalId: record.externalId, sentAt: record.sentAt })), ...(pending.length > 0 && { pendingSurveys: pending }) };
    },
    async erase(subject) {
      for (const id of [subject.id, ...subject.mergedIds]) await eraseSentRecords(storage, id);
      for (const { channel, address } of addressesOf(subject)) await surveys.forget(channel, address);
    },
  };
}

/** Where the plugin may have asked this customer a survey: their numbers on WhatsApp, their Messenger handles. */
function addressesOf(subject: DataSubject): { channel: string; address: string }[] {
  return [
    ...subject.phones.map((address) => ({ channel: 'whatsapp', address })),
    ...subject.handles.filter((handle) => handle.channel === 'messenger').map((handle) => ({ channel: 'messenger', address: handle.handle })),
  ];
}
