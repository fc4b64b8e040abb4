/**
 * The platform example's own composition (`rapport.config.json`) run as a real process on a
 * SQLite file, with the outside world pointed at the test: a real SMTP server, a fake Twilio and
 * a fake Graph API. The config is written inside the example, so its plugins resolve the way
 * `npm start` resolves them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startRapport, type RapportProcess } from '@rapport/sdk/testing';
import { startFakeGraph, startFakeTwilio, type FakeProvider } from './fakeProviders.js';

export const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const EMAIL = '@rapport/plugin-channel-email';
export const TWILIO = '@rapport/plugin-channel-twilio';
export const META = '@rapport/plugin-channel-meta';
export const AFTERCARE = '@rapport/plugin-aftercare-followup';
export const CHAT = '@rapport/plugin-channel-chat';

type Settings = Record<string, Record<string, unknown>>;

/** A running deployment of the example and the servers that stand in for the world. */
export interface Deployment {
  server: RapportProcess;
  /** Every message the SMTP server accepted, parsed. */
  inbox: ParsedMail[];
  twilio: FakeProvider<URLSearchParams>;
  graph: FakeProvider<Record<string, unknown>>;
  /** The example's settings, as composed (secrets, `publicUrl`, ids): what webhooks are signed with. */
  settings: Settings;
  stop(): Promise<number | null>;
}

/**
 * Starts the example with the survey sent `surveyDelayMs` after a resolution, and the event and
 * workflow pollers quick, so the story does not wait on them. `chatOrigins` are the web pages
 * allowed to embed the chat widget (the test's own page).
 */
export async function startDeployment(options: { surveyDelayMs: number; chatOrigins?: string[] }): Promise<Deployment> {
  const inbox: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => void inbox.push(mail))
        .then(() => done(), done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));

  const composed = JSON.parse(readFileSync(path.join(APP_DIR, 'rapport.config.json'), 'utf8')) as { plugins: string[]; pluginSettings: Settings };
  const settings = composed.pluginSettings;
  const twilio = await startFakeTwilio(settings[TWILIO]!.accountSid as string, settings[TWILIO]!.authToken as string);
  const graph = await startFakeGraph(settings[META]!.accessToken as string, settings[META]!.phoneNumberId as string);

  mkdirSync(path.join(APP_DIR, '.rapport'), { recursive: true });
  const runDir = mkdtempSync(path.join(APP_DIR, '.rapport', 'acceptance-'));
  const quickRetries = { attempts: 2, baseDelayMs: 10 };
  const config = {
    ...composed,
    server: { host: '127.0.0.1', port: 0 },
    database: { url: `sqlite:${path.join(runDir, 'rapport.db')}` },
    plugins: composed.plugins.map((entry) => (entry.startsWith('.') ? path.resolve(APP_DIR, entry) : entry)),
    pluginSettings: {
      ...settings,
      [EMAIL]: { ...settings[EMAIL], smtp: { host: '127.0.0.1', port: (smtp.server.address() as AddressInfo).port, secure: false } },
      // publicUrl stays as composed: Twilio signs the URL it was told to call, whatever address the
      // process really listens on (behind a proxy, they differ too).
      [TWILIO]: { ...settings[TWILIO], apiBaseUrl: twilio.baseUrl, retry: quickRetries },
      [META]: { ...settings[META], graphApiBaseUrl: graph.baseUrl, retry: quickRetries },
      [AFTERCARE]: { ...settings[AFTERCARE], delay: options.surveyDelayMs },
      ...(options.chatOrigins && { [CHAT]: { ...settings[CHAT], allowedOrigins: options.chatOrigins } }),
    },
    events: { pollIntervalMs: 100 },
    workflows: { pollIntervalMs: 100 },
  };
  writeFileSync(path.join(runDir, 'rapport.config.json'), JSON.stringify(config, null, 2));

  let server: RapportProcess;
  try {
    server = await startRapport(path.join(runDir, 'rapport.config.json'), { env: { LOG_LEVEL: 'info' } });
  } catch (error) {
    await closeAll();
    throw error;
  }

  async function closeAll(): Promise<void> {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await twilio.close();
    await graph.close();
    rmSync(runDir, { recursive: true, force: true });
  }

  return {
    server,
    inbox,
    twilio,
    graph,
    settings,
    async stop() {
      const code = await server.stop();
      await closeAll();
      return code;
    },
  };
}
