import { inject, injectable } from 'inversify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { serviceToken } from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { Database } from '../persistence/openDatabase.js';
import { readDatabaseGauges } from './databaseGauges.js';
import { OperationNames } from './OperationNames.js';

/** Where an HTTP request went, for its series: the API, the channels' webhooks, the console, or anything else. */
export type RouteFamily = 'graphql' | 'channels' | 'console' | 'other';

/** How one webhook attempt ended: delivered, to be retried, or given up (no retries left, or 410 Gone). */
export type WebhookOutcome = 'succeeded' | 'retrying' | 'failed';

/**
 * The operator's figures (`GET /metrics`, Prometheus text). The parts that do the work report to
 * it as they go (requests, operations, plugin calls, webhook attempts, workflow timers); what the
 * tables hold (the outbox backlog, runs by status) and the pool are read when it is scraped.
 */
export interface Metrics {
  /** An HTTP request answered with `status` after `seconds`. */
  httpRequest(family: RouteFamily, status: number, seconds: number): void;
  /** A GraphQL operation done; `seconds` is absent for subscriptions, whose length says nothing. */
  graphqlOperation(name: string | undefined, type: string, failed: boolean, seconds?: number): void;
  /** A plugin's activation ended: active, or failed. */
  pluginActivation(plugin: string, succeeded: boolean): void;
  /** A call into a plugin failed or timed out. */
  pluginFailure(plugin: string): void;
  /** A plugin's circuit breaker tripped (the plugin is disabled). */
  pluginBreakerTripped(plugin: string): void;
  /** A webhook attempt ended; `status` is the receiver's answer, null when none came (timeout, refused). */
  webhookAttempt(outcome: WebhookOutcome, status: number | null): void;
  /** A workflow timer fired `seconds` after it was due. */
  workflowTimerFired(seconds: number): void;
  /** Adds the process's own figures (CPU, memory, event loop lag, GC: prom-client's defaults), once; a serving process calls it. */
  collectProcessMetrics(): void;
  /** The Prometheus text of every series, with the tables' figures read now. */
  scrape(): Promise<string>;
  /** The content type of {@link scrape}'s text. */
  readonly contentType: string;
}

/** The container token of {@link Metrics}. */
export const Metrics = serviceToken<Metrics>('rapport.core.Metrics');

/** Seconds: from 5 ms to a minute, so a slow plugin resolver and a fast lookup both land in a bucket. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds: timers are polled (workflows.pollIntervalMs, 1 s by default), so lateness up to a few polls is normal. */
const LATENESS_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

/**
 * {@link Metrics} on prom-client, one registry per kernel (the test host runs several in one
 * process). Process metrics (prom-client's defaults) are added to it by {@link collectProcessMetrics}
 * only where a server serves them, since they start timers of their own.
 */
@injectable()
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly operations = new OperationNames();
  private processMetrics = false;
  private readonly http = {
    requests: this.counter('rapport_http_requests_total', 'HTTP requests answered, by route family (graphql, channels, console, other) and status class.', ['family', 'status_class']),
    duration: this.histogram('rapport_http_request_duration_seconds', 'Time to answer an HTTP request, by route family and status class.', ['family', 'status_class'], LATENCY_BUCKETS),
  };
  private readonly graphql = {
    operations: this.counter('rapport_graphql_operations_total', 'GraphQL operations executed, by operation name ("anonymous" when unnamed, "other" past 200 names), type and outcome.', ['operation', 'type', 'outcome']),
    duration: this.histogram('rapport_graphql_operation_duration_seconds', 'Time to execute a GraphQL query or mutation, by operation name and type.', ['operation', 'type'], LATENCY_BUCKETS),
  };
  private readonly plugins = {
    activations: this.counter('rapport_plugin_activations_total', 'Plugin activations, by plugin and outcome (activated, failed).', ['plugin', 'outcome']),
    failures: this.counter('rapport_plugin_failures_total', 'Calls into a plugin that failed or timed out, by plugin.', ['plugin']),
    trips: this.counter('rapport_plugin_circuit_breaker_trips_total', "Times a plugin's circuit breaker tripped and disabled it, by plugin.", ['plugin']),
  };
  private readonly webhooks = {
    attempts: this.counter('rapport_webhook_deliveries_total', 'Webhook delivery attempts, by outcome (succeeded, retrying, failed: no retries left or 410 Gone).', ['outcome']),
    failures: this.counter('rapport_webhook_delivery_failures_total', 'Webhook attempts that did not get a 2xx, by what came back (4xx, 5xx, other status, or error: timeout, refused, guard).', ['reason']),
  };
  private readonly lateness = this.histogram('rapport_workflow_timer_lateness_seconds', 'How late a workflow timer (a sleep, a retry) fired after it was due.', [], LATENESS_BUCKETS);
  private readonly gauges = {
    outboxPending: this.gauge('rapport_outbox_pending_events', 'Durable events not yet delivered to every handler.', []),
    outboxOldest: this.gauge('rapport_outbox_oldest_pending_age_seconds', 'Age of the oldest undelivered event (0 when none is pending).', []),
    workflowRuns: this.gauge('rapport_workflow_runs', 'Workflow runs kept, by status.', ['status']),
    poolConnections: this.gauge('rapport_db_pool_connections', 'Connections of the database pool, by state (used, idle); on SQLite the one writer connection.', ['state']),
    poolPending: this.gauge('rapport_db_pool_pending_acquires', 'Requests waiting for a database connection.', []),
    poolMax: this.gauge('rapport_db_pool_max_connections', 'The most connections the database pool opens.', []),
  };

  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  get contentType(): string {
    return this.registry.contentType;
  }

  httpRequest(family: RouteFamily, status: number, seconds: number): void {
    const labels = { family, status_class: `${Math.floor(status / 100)}xx` };
    this.http.requests.inc(labels);
    this.http.duration.observe(labels, seconds);
  }

  graphqlOperation(name: string | undefined, type: string, failed: boolean, seconds?: number): void {
    const operation = this.operations.label(name);
    this.graphql.operations.inc({ operation, type, outcome: failed ? 'error' : 'ok' });
    if (seconds !== undefined) this.graphql.duration.observe({ operation, type }, seconds);
  }

  pluginActivation(plugin: string, succeeded: boolean): void {
    this.plugins.activations.inc({ plugin, outcome: succeeded ? 'activated' : 'failed' });
  }

  pluginFailure(plugin: string): void {
    this.plugins.failures.inc({ plugin });
  }

  pluginBreakerTripped(plugin: string): void {
    this.plugins.trips.inc({ plugin });
  }

  webhookAttempt(outcome: WebhookOutcome, status: number | null): void {
    this.webhooks.attempts.inc({ outcome });
    if (outcome === 'succeeded') return;
    const reason = status === null ? 'error' : status >= 400 && status <= 599 ? `${Math.floor(status / 100)}xx` : 'other';
    this.webhooks.failures.inc({ reason });
  }

  workflowTimerFired(seconds: number): void {
    this.lateness.observe(Math.max(0, seconds));
  }

  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  async scrape(): Promise<string> {
    const figures = await readDatabaseGauges(this.database, this.clock.now());
    this.gauges.outboxPending.set(figures.outboxPending);
    this.gauges.outboxOldest.set(figures.outboxOldestAgeSeconds);
    for (const [status, count] of Object.entries(figures.workflowRuns)) this.gauges.workflowRuns.set({ status }, count);
    this.gauges.poolConnections.set({ state: 'used' }, figures.pool.used);
    this.gauges.poolConnections.set({ state: 'idle' }, figures.pool.idle);
    this.gauges.poolPending.set(figures.pool.pending);
    this.gauges.poolMax.set(figures.pool.max);
    return this.registry.metrics();
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
