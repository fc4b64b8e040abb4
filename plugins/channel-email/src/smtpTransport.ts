import nodemailer from 'nodemailer';
import type { MailTransport } from './emailSender.js';
import type { SmtpSettings } from './settings.js';

/** An SMTP transport with its `close()`, for deactivation. */
export interface ClosableTransport extends MailTransport {
  close(): void;
}

/**
 * A nodemailer SMTP transport for the settings. Without `secure`, nodemailer upgrades with
 * STARTTLS whenever the server offers it; `requireTLS` refuses servers that do not.
 */
export function createSmtpTransport(smtp: SmtpSettings): ClosableTransport {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    ...(smtp.auth && { auth: { user: smtp.auth.user, pass: smtp.auth.pass } }),
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
  });
}
