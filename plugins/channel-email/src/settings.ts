import { ValidationError } from '@rapport/sdk';
import { domainOf } from './messageIds.js';

/** How the plugin reaches the SMTP server (`settings.smtp`). */
export interface SmtpSettings {
  host: string;
  /** 587 by default (submission with STARTTLS); 465 with `secure: true`. */
  port: number;
  /** TLS from the first byte (port 465). With `false`, STARTTLS is used when the server offers it. */
  secure: boolean;
  /** Refuse to send unless the server upgrades the connection with STARTTLS. */
  requireTLS: boolean;
  auth?: { user: string; pass: string };
  /** How long to wait to connect, for the greeting, and for each reply, in milliseconds. */
  timeoutMs: number;
}

/** The plugin's settings, as validated by `contributes.configuration` with its defaults applied. */
export interface EmailSettings {
  /** The sender address, e.g. `support@example.com`. */
  from: string;
  /** The sender's display name, e.g. `Acme Support`. */
  fromName?: string;
  /** The right-hand side of the Message-IDs we generate; the domain of `from` by default. */
  messageIdDomain: string;
  /** The subject of a message that has none and does not reply to a thread with one. */
  defaultSubject: string;
  /** Whether a phone number in an inbound email's signature is passed on as the sender's (see signature.ts). */
  linkSignaturePhones: boolean;
  /**
   * The secret every call of `POST /channels/email/inbound` presents (as a Bearer token or the
   * password of HTTP Basic): the webhook is outside the API's credentials, and without it anyone
   * could write email into the CRM under any sender.
   */
  inboundSecret: string;
  smtp: SmtpSettings;
}

/**
 * The settings in their typed form. The host has validated them against the manifest's JSON
 * Schema and filled in the defaults already; what is left here is what a schema cannot say.
 *
 * @throws ValidationError when no Message-ID domain can be worked out.
 */
export function readSettings(raw: Readonly<Record<string, unknown>>): EmailSettings {
  const settings = raw as unknown as Omit<EmailSettings, 'messageIdDomain'> & { messageIdDomain?: string };
  const messageIdDomain = settings.messageIdDomain?.trim().toLowerCase() || domainOf(settings.from);
  if (!messageIdDomain) {
    throw new ValidationError(
      `settings.from ("${settings.from}") has no domain to build Message-IDs with; give an address such as "support@example.com", or set messageIdDomain.`,
      'from',
    );
  }
  return { ...settings, messageIdDomain };
}

