/**
 * The server side of the webhook benchmark (bench/webhooks.ts): a real `rapport start` in its own
 * process, over a fresh database, with the email, Twilio and Meta channel plugins configured with
 * a run's throwaway secrets; the outbound SMS whose status callbacks are measured; and what the
 * database recorded afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { BENCH_SERVER_ENV } from './benchCredential.js';
import { freshDatabase, type BenchDatabaseKind } from './benchDatabases.js';
import { REPO_ROOT, startRapportServer, type RapportReady, type ServerProcess } from './serverProcess.js';
import { recordBulk } from './soakLoad.js';
import { customerOf, outboundSmsSid, receiptPhone, type WebhookSecrets } from './webhookRequests.js';

const PLUGINS = {
  email: { name: '@rapport/plugin-channel-email', dir: path.join(REPO_ROOT, 'plugins/channel-email') },
  twilio: { name: '@rapport/plugin-channel-twilio', dir: path.join(REPO_ROOT, 'plugins/channel-twilio') },
  meta: { name: '@rapport/plugin-channel-meta', dir: path.join(REPO_ROOT, 'plugins/channel-meta') },
} as const;

/** How many interactions one `recordInteractions` call may carry. */
const BULK_SIZE = 500;

/** A running `rapport start` with the channel plugins, and its database. */
export interface WebhookServer {
  /** e.g. `http://127.0.0.1:41234`: the server's own address, also Twilio's `publicUrl`. */
  baseUrl: string;
  graphqlUrl: string;
  server: ServerProcess<RapportReady>;
  /** The benchmark's own connection to the server's database, for the counts afterwards. */
  database: Database;
  /** Stops the server, then drops the database. */
  dispose(): Promise<void>;
}

/**
 * A port nothing listens on at the moment: the server's (Twilio signs the URL it calls, so
 * `publicUrl` must name the port before the server starts), and one for the providers' APIs,
 * which outbound would call and this benchmark never does.
 */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts `rapport start` over a fresh database of `kind`, on the bench's ADMIN key
 * (bench/lib/benchCredential.ts). `nodeArgs` go before the bin (e.g. `--cpu-prof`).
 */
export async function startWebhookServer(kind: BenchDatabaseKind, secrets: WebhookSecrets, nodeArgs: string[] = []): Promise<WebhookServer> {
  const fresh = await freshDatabase(kind);
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-webhooks-'));
  const [port, closedPort] = [await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${port}`;
  const nowhere = `http://127.0.0.1:${closedPort}`;
  const configFile = path.join(dir, 'rapport.config.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        server: { host: '127.0.0.1', port },
        plugins: [PLUGINS.email.dir, PLUGINS.twilio.dir, PLUGINS.meta.dir],
        pluginSettings: {
          [PLUGINS.email.name]: { from: 'support@rapport.bench', smtp: { host: '127.0.0.1', port: closedPort }, inboundSecret: secrets.emailInboundSecret },
          [PLUGINS.twilio.name]: {
            accountSid: secrets.twilioAccountSid,
            authToken: secrets.twilioAuthToken,
            from: '+15550100000',
            publicUrl: baseUrl,
            apiBaseUrl: nowhere,
          },
          [PLUGINS.meta.name]: {
            appSecret: secrets.metaAppSecret,
            verifyToken: 'bench-verify-token',
            accessToken: 'bench-access-token',
            phoneNumberId: '106540352242922',
            graphApiBaseUrl: `${nowhere}/v21.0`,
          },
        },
      },
      null,
      2,
    ),
  );
  let server: ServerProcess<RapportReady>;
  try {
    server = await startRapportServer({
      args: ['--config', configFile, '--database', fresh.url, '--port', String(port)],
      nodeArgs,
      env: { ...process.env, ...BENCH_SERVER_ENV, NODE_ENV: 'production' },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    await fresh.dispose();
    throw error;
  }
  return {
    baseUrl,
    graphqlUrl: server.graphqlUrl,
    server,
    database: fresh.database,
    dispose: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      await fresh.dispose();
    },
  };
}

/**
 * Records `count` outbound SMS (`recordInteractions`, as an import or a send would leave them),
 * the messages the status callbacks of the `smsStatus` kind are about: message `n` has SID
 * {@link outboundSmsSid}(n) and went to customer {@link customerOf}(n) of the receipts' own range.
 */
export async function seedOutboundSms(graphqlUrl: string, count: number, customers: number): Promise<void> {
  for (let first = 0; first < count; first += BULK_SIZE) {
    const inputs = Array.from({ length: Math.min(BULK_SIZE, count - first) }, (_, i) => {
      const n = first + i;
      return { phone: receiptPhone(customerOf(n, customers)), channel: 'sms', direction: 'OUTBOUND', type: 'message', text: 'Your parcel ships today.', externalId: outboundSmsSid(n) };
    });
    const recorded = await recordBulk(graphqlUrl, inputs);
    if (recorded.length !== inputs.length) throw new Error(`seeding outbound SMS: sent ${inputs.length}, recorded ${recorded.length}`);
  }
}

/** What the database holds after a run: INBOUND interactions per channel, and recorded outbound SMS marked DELIVERED. */
export interface Recorded {
  inboundByChannel: Record<string, number>;
  smsDelivered: number;
}

export async function recordedCounts(database: Database): Promise<Recorded> {
  const connection = database.orm.em.getConnection();
  const rows: { channel: string; n: unknown }[] = await connection.execute("select channel, count(*) as n from interactions where direction = 'INBOUND' group by channel");
  // Joined with the messages: the core also keeps a receipt for a message it has not recorded (yet),
  // which must not count as a receipt applied to one that exists.
  const [delivered] = await connection.execute<{ n: unknown }[]>(
    "select count(*) as n from deliveries d join interactions i on i.channel = d.channel and i.external_id = d.external_id " +
      "where d.channel = 'sms' and d.status = 'DELIVERED' and i.direction = 'OUTBOUND'",
  );
  return { inboundByChannel: Object.fromEntries(rows.map((row) => [row.channel, Number(row.n)])), smsDelivered: Number(delivered!.n) };
}
