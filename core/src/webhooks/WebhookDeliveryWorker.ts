import { inject, injectable } from 'inversify';
import { serviceToken } from '@rapport/sdk';
import { actAs } from '../actors/acting.js';
import { SYSTEM_ACTOR } from '../actors/Actor.js';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { BurstLimiter } from '../logging/BurstLimiter.js';
import { Logger } from '../logging/Logger.js';
import { Metrics } from '../metrics/Metrics.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { eventDeliveryContext } from '../tracing/eventOrigins.js';
import { SpanKind, SpanStatusCode, withSpan } from '../tracing/spans.js';
import { Pump } from '../util/Pump.js';
import { WebhookDeliveryStore, type WebhookDeliveryRow, type WebhookDeliveryStatus } from './WebhookDeliveryStore.js';
import { WebhookEndpointStore, type WebhookEndpointRow } from './WebhookEndpointStore.js';
import { WebhookOptions } from './WebhookOptions.js';
import { sendWebhook, type AttemptResult } from './WebhookSender.js';
import { signatureHeader } from './webhookSignatures.js';

/** Sends the pending webhook deliveries, on a timer and when new ones are recorded. */
export interface WebhookDeliveryWorker {
  /** Starts sending on a timer, beginning with what a previous process left. */
  start(): Promise<void>;
  /** Stops the timer and waits for the attempts in progress. */
  stop(): Promise<void>;
  /** Sends every delivery due now (and those that become claimable as earlier ones finish); resolves when none is left. */
  deliverDue(): Promise<void>;
  /** Asks for a pass soon, without waiting for it, once started. */
  schedule(): void;
  /** When the next pending delivery is due, if any. */
  nextDueAt(): Promise<Date | null>;
}

/** The container token of the {@link WebhookDeliveryWorker}. */
export const WebhookDeliveryWorker = serviceToken<WebhookDeliveryWorker>('rapport.core.WebhookDeliveryWorker');

/**
 * The delivery worker: claims due deliveries with a lease (WebhookDeliveryStore.claim: in order
 * per endpoint and customer, one instance per delivery), signs and sends each, and records the
 * attempt with its outcome in one transaction. A 2xx succeeds; a 410 disables the endpoint; any
 * other answer or error is retried on the schedule with jitter, then FAILED. An endpoint with no
 * success for `disableAfterFailingMs` since its first failure is disabled. Everything is in
 * tables: a process that stops between attempts loses nothing, and one that dies during an
 * attempt leaves a lease that runs out, after which the attempt is made again (at least once).
 */
@injectable()
export class LeasedWebhookDeliveryWorker implements WebhookDeliveryWorker {
  private readonly pump = new Pump(
    () => this.pass(),
    (error) => this.failures.failure('error', 'webhook delivery pass failed', error),
  );
  private readonly failures: BurstLimiter;
  private readonly logger: Logger;
  /** True for an embedded database no other process shares (SQLite): leases left at startup are a dead predecessor's. */
  private readonly soleProcess: boolean;

  constructor(
    @inject(WebhookDeliveryStore) private readonly deliveries: WebhookDeliveryStore,
    @inject(WebhookEndpointStore) private readonly endpoints: WebhookEndpointStore,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(WebhookOptions) private readonly options: WebhookOptions,
    @inject(Database) private readonly database: Database,
    @inject(Metrics) private readonly metrics: Metrics,
  ) {
    this.logger = logger.child({ component: 'webhooks' });
    this.failures = new BurstLimiter(this.logger);
    this.soleProcess = database.dialect === 'sqlite';
  }

  async start(): Promise<void> {
    if (this.pump.timerStarted) return;
    if (this.soleProcess) await this.deliveries.releaseAllLeases();
    this.pump.startTimer(this.options.pollIntervalMs);
  }

  async stop(): Promise<void> {
    await this.pump.stop();
    this.failures.flush();
  }

  deliverDue(): Promise<void> {
    return this.pump.run();
  }

  schedule(): void {
    // A kernel that never started the worker (a CLI command, a test calling deliverDue) sends nothing on its own.
    if (this.pump.timerStarted) this.pump.poke();
  }

  nextDueAt(): Promise<Date | null> {
    return this.deliveries.nextDueAt();
  }

  /** Claims and sends batches until nothing is due. */
  private async pass(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const claimed = await this.deliveries.claim(now, new Date(now.getTime() + this.options.leaseMs), this.options.batchSize);
      if (claimed.length === 0) return;
      const endpoints = new Map((await this.endpoints.getMany([...new Set(claimed.map((d) => d.endpointId))])).map((e) => [e.id, e]));
      await Promise.all(claimed.map((delivery) => this.attempt(delivery, endpoints.get(delivery.endpointId))));
    }
  }

  private async attempt(delivery: WebhookDeliveryRow, endpoint: WebhookEndpointRow | undefined): Promise<void> {
    // Deleted between the claim and now: its deliveries went with it.
    if (!endpoint) return;
    const at = this.clock.now();
    const timestamp = Math.floor(at.getTime() / 1000);
    const overlapping = endpoint.previousSecret !== null && endpoint.previousSecretUntil !== null && endpoint.previousSecretUntil > at;
    const secrets = overlapping ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
    const headers = {
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(secrets, delivery.eventId, timestamp, delivery.body),
    };
    // Under the span of the event's delivery while this process remembers where the event came from.
    await withSpan(
      `webhook.deliver ${delivery.eventType}`,
      { 'rapport.webhook.endpoint_id': endpoint.id, 'rapport.event.id': delivery.eventId, 'rapport.event.type': delivery.eventType, 'rapport.webhook.attempt': delivery.attempts, 'server.address': hostOf(endpoint.url) },
      async (span) => {
        const result = await sendWebhook(endpoint.url, headers, delivery.body, this.options);
        if (result.status !== null) span.setAttribute('http.response.status_code', result.status);
        if (result.status === null || result.status < 200 || result.status > 299) span.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? `HTTP ${result.status}` });
        await this.record(delivery, endpoint, at, result);
      },
      { kind: SpanKind.CLIENT, parent: eventDeliveryContext(delivery.eventId) },
    );
  }

  /** Records the attempt, the delivery's outcome and the endpoint's, in one transaction. */
  private async record(delivery: WebhookDeliveryRow, endpoint: WebhookEndpointRow, at: Date, result: AttemptResult): Promise<void> {
    const now = this.clock.now();
    const ok = result.status !== null && result.status >= 200 && result.status <= 299;
    const gone = result.status === 410;
    const retries = this.options.retryScheduleMs;
    let status: WebhookDeliveryStatus = 'pending';
    let next: Date | null = null;
    if (ok) status = 'succeeded';
    else if (gone || delivery.attempts > retries.length) status = 'failed';
    else next = new Date(now.getTime() + this.jittered(retries[delivery.attempts - 1]!));
    const attempt = { deliveryId: delivery.id, at, durationMs: result.durationMs, responseStatus: result.status, responseBody: result.body, error: result.error };
    let disabled: string | undefined;
    const write = () =>
      SqlSession.transaction(this.database, async (sql) => {
        await this.deliveries.recordAttempt(sql, attempt, { status, next });
        if (ok) {
          await this.endpoints.succeeded(sql, endpoint.id);
          return;
        }
        const failingSince = await this.endpoints.failed(sql, endpoint.id, now);
        if (gone) disabled = 'The endpoint answered 410 Gone.';
        else if (now.getTime() - failingSince.getTime() >= this.options.disableAfterFailingMs) {
          disabled = `No delivery succeeded since ${failingSince.toISOString()} (${Math.round(this.options.disableAfterFailingMs / 86_400_000)} days of failures).`;
        }
        if (!disabled) return;
        await this.endpoints.setEnabled(sql, endpoint.id, false, disabled, now);
        await this.audit.appendIn(sql, [
          { action: 'webhookEndpoint.disable', targetType: 'WebhookEndpoint', targetId: endpoint.id, changes: { enabled: { before: true, after: false }, disabledReason: { before: null, after: disabled } } },
        ]);
      });
    // A failure may disable the endpoint: it changes who receives events (WebhookEndpointStore.changing).
    await actAs({ actor: SYSTEM_ACTOR, cause: { kind: 'event', id: delivery.eventId } }, () => (ok ? write() : this.endpoints.changing(write)));
    this.metrics.webhookAttempt(ok ? 'succeeded' : status === 'failed' ? 'failed' : 'retrying', result.status);
    if (disabled) this.logger.warn({ endpointId: endpoint.id, url: endpoint.url }, `webhook endpoint disabled: ${disabled}`);
    else if (!ok) {
      this.logger.info(
        { endpointId: endpoint.id, deliveryId: delivery.id, eventId: delivery.eventId, status: result.status, error: result.error, attempts: delivery.attempts },
        status === 'failed' ? 'webhook delivery failed, no retries left' : 'webhook attempt failed, will retry',
      );
    }
  }

  private jittered(delayMs: number): number {
    const spread = delayMs * this.options.jitter;
    return Math.max(0, Math.round(delayMs - spread + Math.random() * 2 * spread));
  }
}

/** The host a webhook goes to, for its span (never the path or query: they may carry a token). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
