import { ValidationError, type OutboundMessage } from '@rapport/sdk';
import type { SendMailOptions } from 'nodemailer';
import type { EmailSettings } from './settings.js';
import { replyHeaders } from './threading.js';

/** What goes into one outbound email besides the message itself. */
export interface Envelope {
  /** The Message-ID to send with, without `<>`. */
  messageId: string;
  /** The subject worked out by `subjectFor`. */
  subject: string;
}

/**
 * The nodemailer message for an outbound message: From from the settings, To with the customer's
 * name, the text (and HTML) body, our Message-ID, and In-Reply-To/References for a reply.
 *
 * @throws ValidationError when the customer has no email address (`message.to` is empty).
 */
export function composeEmail(message: OutboundMessage, settings: EmailSettings, envelope: Envelope): SendMailOptions {
  const to = message.to?.trim();
  if (!to) {
    throw new ValidationError(
      `Customer "${message.customerId}" has no email address, so the message cannot be sent by email. Add an email address to the customer (emails), or send on another channel.`,
      'to',
    );
  }
  if (!/^[^\s@]+@[^\s@]+$/.test(to)) {
    throw new ValidationError(`Customer "${message.customerId}" has the email address ${JSON.stringify(to)}, which is not an address mail can be sent to; correct it.`, 'to');
  }
  const name = message.toName?.trim();
  return {
    from: settings.fromName ? { name: settings.fromName, address: settings.from } : settings.from,
    to: name ? { name, address: to } : to,
    subject: envelope.subject,
    text: message.text,
    ...(message.html?.trim() && { html: message.html }),
    messageId: `<${envelope.messageId}>`,
    ...replyHeaders(message.references),
    // The default X-Mailer names nodemailer and its version: nothing a customer needs to see.
    xMailer: false,
  };
}
