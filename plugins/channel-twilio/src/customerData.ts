import { eraseSentRecords, exportSentRecords } from '@rapport/lib-provider-http';
import type { CustomerDataHandler, KeyValueStorage } from '@rapport/sdk';
import type { PendingSurveys } from '@rapport/lib-survey-replies';

/** The id under which the plugin declares its customer data (`contributes.customerData`). */
export const CUSTOMER_DATA_ID = 'sent-sms';

/** The channel whose pending survey questions are kept by number (index.ts's SMS_CHANNEL; not imported, to keep this module free of the plugin's entry). */
const SMS_CHANNEL = 'sms';

/**
 * What the plugin keeps about a customer besides the core's interactions, for privacy requests:
 * the record `sendOnce` writes per SMS sent with an idempotency key (the Twilio message sid and
 * when it was sent), kept under the customer's id. Records kept under a customer later merged
 * into this one are theirs too. And the survey question an SMS to one of their numbers asked and
 * that is still waiting for an answer, kept under the number.
 */
export function smsCustomerData(storage: KeyValueStorage, surveys: PendingSurveys): CustomerDataHandler {
  return {
    async export(subject) {
      const sent = [];
      for (const id of [subject.id, ...subject.mergedIds]) sent.push(...(await exportSentRecords(storage, id)));
      const pending = [];
      for (const phone of subject.phones) {
        const survey = await surveys.find(SMS_CHANNEL, phone);
        if (survey) pending.push({ phone, messageSid: survey.messageId, question: { ...survey.question }, askedAt: survey.askedAt });
      }
      return { sent: sent.map((record) => ({ messageSid: record.externalId, sentAt: record.sentAt })), ...(pending.length > 0 && { pendingSurveys: pending }) };
    },
    async erase(subject) {
      for (const id of [subject.id, ...subject.mergedIds]) await eraseSentRecords(storage, id);
      for (const phone of subject.phones) await surveys.forget(SMS_CHANNEL, phone);
    },
  };
}
