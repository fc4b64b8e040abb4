import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Interaction } from '@rapport/sdk';
import { createTestHost, FakeClock, type TestHost, type TestInboundRequest, type TestWebhookResponse } from '@rapport/sdk/testing';

/** The plugin's package name, as the host knows it. */
export const EMAIL = '@rapport/plugin-channel-email';

/** The plugin's directory: tests load the real package, manifest and all. */
export const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A message the test SMTP server accepted. */
export interface ReceivedMail {
  envelope: { from: string | false; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

/** A real SMTP server on a free local port that keeps every message it accepts. */
export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Makes the server refuse every message with a 4xx (transient) error until called with false. */
  refuse(refusing: boolean): void;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server (smtp-server, the server nodemailer itself is tested against) on port 0.
 * STARTTLS is off: its built-in certificate is self-signed, and TLS is nodemailer's concern, not ours.
 */
export async function startSmtpServer(options: { auth?: { user: string; pass: string } } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusing = false;
  const serverOptions: SMTPServerOptions = {
    logger: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusing) {
          callback(Object.assign(new Error('Mailbox temporarily unavailable, try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              envelope: { from: session.envelope.mailFrom && session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
              raw,
              parsed,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    refuse: (value) => {
      refusing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

/** The plugin's `inboundSecret` in these tests. */
export const INBOUND_SECRET = 'test-inbound-secret-0123456789';

/** Settings for the plugin that point at the test SMTP server. */
export function settingsFor(smtp: TestSmtpServer, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { from: 'support@rapport.test', fromName: 'Acme Support', inboundSecret: INBOUND_SECRET, smtp: { host: '127.0.0.1', port: smtp.port, timeoutMs: 5000 }, ...overrides };
}

/** Delivers a webhook request to the email channel as the mail relay does: with the secret, as a Bearer token. */
export function receiveEmail(host: TestHost, request: TestInboundRequest): Promise<Interaction[]> {
  return host.receive('email', { ...request, headers: { authorization: `Bearer ${INBOUND_SECRET}`, ...request.headers } });
}

/** Posts a raw message to `POST /channels/email/inbound` with the secret, answered as the route answers (status and all). */
export function postEmail(host: TestHost, body: Uint8Array | string): Promise<TestWebhookResponse> {
  return host.webhook('email', { contentType: 'message/rfc822', body, headers: { authorization: `Bearer ${INBOUND_SECRET}` } });
}

/** A test host running the email plugin against `smtp`, on a fake clock. */
export function emailHost(smtp: TestSmtpServer, options: { clock?: FakeClock; settings?: Record<string, unknown> } = {}): Promise<TestHost> {
  return createTestHost({
    plugins: ['./'],
    baseDir: PLUGIN_DIR,
    clock: options.clock ?? new FakeClock('2026-03-02T09:00:00Z'),
    settings: { [EMAIL]: options.settings ?? settingsFor(smtp) },
  });
}

/** The parts of a hand-written test email. */
export interface EmailParts {
  from?: string;
  to?: string;
  subject?: string;
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  text: string;
}

/** A raw RFC 5322 message with CRLF line endings, as an MTA would deliver it. */
export function rawEmail(parts: EmailParts): string {
  const headers = [
    `From: ${parts.from ?? 'Ada Lovelace <ada@example.com>'}`,
    `To: ${parts.to ?? 'Acme Support <support@rapport.test>'}`,
    `Subject: ${parts.subject ?? 'Question'}`,
    `Date: ${(parts.date ?? new Date('2026-03-02T09:00:00Z')).toUTCString()}`,
    ...(parts.messageId ? [`Message-ID: <${parts.messageId}>`] : []),
    ...(parts.inReplyTo ? [`In-Reply-To: <${parts.inReplyTo}>`] : []),
    ...(parts.references ? [`References: ${parts.references.map((id) => `<${id}>`).join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${parts.text.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** The bare Message-ID of a received mail, as the plugin reports it (no angle brackets). */
export function bareId(value: string | undefined): string | undefined {
  return value?.replace(/^<|>$/g, '');
}

/**
 * The idempotency keys of the messages the fixtures in `test/bounces/` return: sent from
 * support@rapport.test with these keys, a message gets the very Message-ID its bounce names
 * (the id is derived from the key, see messageIds.ts).
 */
export const BOUNCED_KEYS = {
  postfix: 'bounce-postfix',
  exchange: 'bounce-exchange',
  exim: 'bounce-exim',
  delayed: 'bounce-delayed',
  gmail: 'bounce-gmail',
} as const;
