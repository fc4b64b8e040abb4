import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { ConflictError, NotFoundError, serviceToken, ValidationError, type DeliveredEvent } from '@rapport/sdk';
import { AuditLog, type AuditEntry } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import { EventDispatcher } from '../events/EventDispatcher.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { orderedUuid } from '../util/orderedUuid.js';
import { isPublicAddress, resolveHost } from './addressGuard.js';
import { checkEventPatterns, matchesEventType } from './eventPatterns.js';
import { webhookBody, webhookData } from './webhookBody.js';
import { WebhookDeliveryStore, type NewDelivery, type WebhookAttemptRow, type WebhookDeliveryRow } from './WebhookDeliveryStore.js';
import { WebhookDeliveryWorker } from './WebhookDeliveryWorker.js';
import { WebhookEndpointStore, type WebhookEndpointRow, type WebhookRecipient } from './WebhookEndpointStore.js';
import { WebhookOptions } from './WebhookOptions.js';
import { newWebhookSecret } from './webhookSignatures.js';

/** What `createWebhookEndpoint` takes. */
export interface WebhookEndpointInput {
  url: string;
  events: readonly string[];
  description?: string | null;
}

/** An endpoint with its secret, which is shown this once (create and rotate). */
export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpointRow;
  secret: string;
}

/** Outbound webhooks as the API manages them: endpoints, their deliveries and the delivery log. */
export interface Webhooks {
  create(input: WebhookEndpointInput): Promise<CreatedWebhookEndpoint>;
  list(): Promise<WebhookEndpointRow[]>;
  get(id: string): Promise<WebhookEndpointRow | undefined>;
  /** Removes the endpoint with its deliveries and log. */
  delete(id: string): Promise<boolean>;
  /** A new secret; the previous one keeps signing alongside for `secretOverlapMs`. */
  rotateSecret(id: string): Promise<CreatedWebhookEndpoint>;
  setEnabled(id: string, enabled: boolean): Promise<WebhookEndpointRow>;
  /** A new delivery of the same event and body, with the same `webhook-id`. */
  redeliver(deliveryId: string): Promise<WebhookDeliveryRow>;
  /** A `webhook.test` event sent to one endpoint. */
  sendTest(id: string): Promise<WebhookDeliveryRow>;
  getDelivery(id: string): Promise<WebhookDeliveryRow | undefined>;
  /** An endpoint's deliveries, newest first, after `afterSeq`. */
  deliveries(endpointId: string, limit: number, afterSeq?: number): Promise<WebhookDeliveryRow[]>;
  countDeliveries(endpointId: string): Promise<number>;
  attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]>;
}

/** The container token of {@link Webhooks}. */
export const Webhooks = serviceToken<Webhooks>('rapport.core.Webhooks');

/** The longest URL and description accepted. */
const MAX_URL = 2_000;
const MAX_DESCRIPTION = 500;

/**
 * The endpoints and the recording of events: a core handler of every durable event (`'*'`) writes
 * one delivery per enabled endpoint whose patterns match, in the outbox's delivery of the event,
 * so an event committed is an event sent, at least once. Every change of an endpoint is audited.
 */
@injectable()
export class SqlWebhooks implements Webhooks {
  /** The enabled endpoints as known before the batch of events being delivered. */
  private recipients: WebhookRecipient[] = [];

  constructor(
    @inject(WebhookEndpointStore) private readonly endpoints: WebhookEndpointStore,
    @inject(WebhookDeliveryStore) private readonly store: WebhookDeliveryStore,
    @inject(WebhookDeliveryWorker) private readonly worker: WebhookDeliveryWorker,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
    @inject(WebhookOptions) private readonly options: WebhookOptions,
    @inject(Database) private readonly database: Database,
    @inject(EventBus) events: EventBus,
    @inject(EventDispatcher) dispatcher: EventDispatcher,
  ) {
    events.subscribe('*', (event) => this.onEvent(event));
    // Once per batch of events, not once per event, and kept while no change is heard of
    // (WebhookEndpointStore.recipients).
    dispatcher.beforeEachBatch(async () => {
      this.recipients = await this.endpoints.recipients();
    });
  }

  async create(input: WebhookEndpointInput): Promise<CreatedWebhookEndpoint> {
    const url = await this.checkUrl(input.url);
    const events = checkEventPatterns(input.events);
    const description = input.description?.trim() || null;
    if (description && description.length > MAX_DESCRIPTION) throw new ValidationError(`description: at most ${MAX_DESCRIPTION} characters, got ${description.length}.`, 'description');
    const now = this.clock.now();
    const secret = newWebhookSecret();
    const endpoint: WebhookEndpointRow = {
      id: randomUUID(),
      url,
      events,
      description,
      enabled: true,
      disabledReason: null,
      secret,
      previousSecret: null,
      previousSecretUntil: null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.changeEndpoints(async (sql) => {
      await this.endpoints.insert(sql, endpoint);
      return [{ action: 'webhookEndpoint.create', targetType: 'WebhookEndpoint', targetId: endpoint.id, changes: { url: { before: null, after: url }, events: { before: null, after: events } } }];
    });
    return { endpoint, secret };
  }

  list(): Promise<WebhookEndpointRow[]> {
    return this.endpoints.list();
  }

  get(id: string): Promise<WebhookEndpointRow | undefined> {
    return this.endpoints.get(id);
  }

  async delete(id: string): Promise<boolean> {
    const endpoint = await this.existing(id);
    await this.changeEndpoints(async (sql) => {
      await this.endpoints.delete(sql, id);
      return [{ action: 'webhookEndpoint.delete', targetType: 'WebhookEndpoint', targetId: id, changes: { url: { before: endpoint.url, after: null } } }];
    });
    return true;
  }

  async rotateSecret(id: string): Promise<CreatedWebhookEndpoint> {
    const endpoint = await this.existing(id);
    const now = this.clock.now();
    const secret = newWebhookSecret();
    const until = new Date(now.getTime() + this.options.secretOverlapMs);
    await this.write(async (sql) => {
      await this.endpoints.rotate(sql, id, secret, endpoint.secret, until, now);
      // The secrets themselves never go into the log.
      return [{ action: 'webhookEndpoint.rotateSecret', targetType: 'WebhookEndpoint', targetId: id, changes: { previousSecretUntil: { before: null, after: until.toISOString() } } }];
    });
    return { endpoint: (await this.endpoints.get(id))!, secret };
  }

  async setEnabled(id: string, enabled: boolean): Promise<WebhookEndpointRow> {
    const endpoint = await this.existing(id);
    if (endpoint.enabled !== enabled) {
      const reason = enabled ? null : 'Disabled by an administrator.';
      await this.changeEndpoints(async (sql) => {
        await this.endpoints.setEnabled(sql, id, enabled, reason, this.clock.now());
        return [
          {
            action: enabled ? 'webhookEndpoint.enable' : 'webhookEndpoint.disable',
            targetType: 'WebhookEndpoint',
            targetId: id,
            changes: { enabled: { before: !enabled, after: enabled }, disabledReason: { before: endpoint.disabledReason, after: reason } },
          },
        ];
      });
      if (enabled) this.worker.schedule();
    }
    return (await this.endpoints.get(id))!;
  }

  async redeliver(deliveryId: string): Promise<WebhookDeliveryRow> {
    const original = await this.store.get(deliveryId);
    if (!original) throw new NotFoundError('No webhook delivery has this id. Use an id from WebhookEndpoint.deliveries.');
    await this.enabledEndpoint(original.endpointId);
    const delivery: NewDelivery = { ...original, id: orderedUuid(), redeliveryOf: original.id };
    await this.write(async (sql) => {
      await this.store.insert([delivery], this.clock.now(), sql);
      return [{ action: 'webhookDelivery.redeliver', targetType: 'WebhookEndpoint', targetId: original.endpointId, changes: { eventId: { before: null, after: original.eventId } } }];
    });
    this.worker.schedule();
    return (await this.store.get(delivery.id))!;
  }

  async sendTest(id: string): Promise<WebhookDeliveryRow> {
    const endpoint = await this.enabledEndpoint(id);
    const now = this.clock.now();
    const eventId = orderedUuid();
    const body = webhookBody('webhook.test', now.toISOString(), { endpointUrl: endpoint.url, message: 'A test event from Rapport: your endpoint is reachable.' });
    const delivery: NewDelivery = { id: orderedUuid(), endpointId: id, eventId, eventType: 'webhook.test', customerId: null, body, redeliveryOf: null };
    await this.write(async (sql) => {
      await this.store.insert([delivery], now, sql);
      return [{ action: 'webhookEndpoint.test', targetType: 'WebhookEndpoint', targetId: id, changes: { eventId: { before: null, after: eventId } } }];
    });
    this.worker.schedule();
    return (await this.store.get(delivery.id))!;
  }

  getDelivery(id: string): Promise<WebhookDeliveryRow | undefined> {
    return this.store.get(id);
  }

  deliveries(endpointId: string, limit: number, afterSeq?: number): Promise<WebhookDeliveryRow[]> {
    return this.store.list(endpointId, limit, afterSeq);
  }

  countDeliveries(endpointId: string): Promise<number> {
    return this.store.count(endpointId);
  }

  attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]> {
    return this.store.attemptsOf(deliveryIds);
  }

  /** Records the event for every enabled endpoint that wants it; a second delivery of the event changes nothing. */
  private async onEvent(event: DeliveredEvent): Promise<void> {
    const endpoints = this.recipients.filter((endpoint) => matchesEventType(endpoint.events, event.eventType));
    if (endpoints.length === 0) return;
    const body = webhookBody(event.eventType, event.occurredAt, webhookData(event));
    const customerId = typeof (event as { customerId?: unknown }).customerId === 'string' ? (event as unknown as { customerId: string }).customerId : null;
    await this.store.insert(
      endpoints.map((endpoint) => ({ id: orderedUuid(), endpointId: endpoint.id, eventId: event.id, eventType: event.eventType, customerId, body, redeliveryOf: null })),
      this.clock.now(),
    );
    this.worker.schedule();
  }

  /** A URL an endpoint may have: http(s), and (unless allowed) not on a non-public address. */
  private async checkUrl(raw: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new ValidationError(`url: ${JSON.stringify(raw)} is not a URL. Give an absolute URL such as "https://example.com/webhooks/rapport".`, 'url');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError(`url: use https:// (or http://), not ${url.protocol}//.`, 'url');
    if (url.username || url.password) throw new ValidationError('url: leave credentials out of the URL; verify requests by their webhook-signature instead.', 'url');
    if (url.href.length > MAX_URL) throw new ValidationError(`url: at most ${MAX_URL} characters.`, 'url');
    if (!this.options.allowPrivateAddresses) {
      // A name that does not resolve yet is accepted; every delivery checks the address it connects to.
      const refused = (await resolveHost(url.hostname)).find((address) => !isPublicAddress(address));
      if (refused) {
        throw new ValidationError(
          `url: ${url.hostname} is ${refused === url.hostname.replace(/^\[|\]$/g, '') ? '' : `resolves to ${refused}, `}a loopback, private or otherwise non-public address, which webhooks may not reach (SSRF guard). ` +
            'Use a public address, or set webhooks.allowPrivateAddresses to true in rapport.config.json for a receiver on your own network.',
          'url',
        );
      }
    }
    return url.href;
  }

  private async existing(id: string): Promise<WebhookEndpointRow> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint) throw new NotFoundError('No webhook endpoint has this id. List them with webhookEndpoints.');
    return endpoint;
  }

  private async enabledEndpoint(id: string): Promise<WebhookEndpointRow> {
    const endpoint = await this.existing(id);
    if (!endpoint.enabled) throw new ConflictError(`The webhook endpoint ${endpoint.url} is disabled (${endpoint.disabledReason ?? 'no reason given'}). Enable it first with setWebhookEndpointEnabled.`);
    return endpoint;
  }

  /** {@link write} for a change of who receives events. */
  private changeEndpoints(change: (sql: SqlSession) => Promise<AuditEntry[]>): Promise<void> {
    return this.endpoints.changing(() => this.write(change));
  }

  /** Runs a change and its audit events in one transaction. */
  private write(change: (sql: SqlSession) => Promise<AuditEntry[]>): Promise<void> {
    return SqlSession.transaction(this.database, async (sql) => {
      await this.audit.appendIn(sql, await change(sql));
    });
  }
}
