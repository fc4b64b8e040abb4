import { inject, injectable } from 'inversify';
import { Disposable, serviceToken } from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { BurstLimiter } from '../logging/BurstLimiter.js';
import { Logger } from '../logging/Logger.js';
import { Database } from '../persistence/openDatabase.js';
import { eventDeliveryContext, eventOriginLinks } from '../tracing/eventOrigins.js';
import { recordSpan, SpanKind, tracingActive, withSpan } from '../tracing/spans.js';
import { Pump } from '../util/Pump.js';
import { EventHandlers } from './EventHandlers.js';
import { EventOutbox, type StoredEvent } from './EventOutbox.js';
import { SETS_PER_EXPANSION } from './eventSets.js';

/** How the dispatcher paces itself. */
export interface EventDispatcherOptions {
  /** How often it looks for due events besides being woken by local writes (retries, other instances' events, a crashed process's leases). */
  pollIntervalMs: number;
  /** Events claimed at once. */
  batchSize: number;
  /** How long a claimed event stays leased; a process that dies holding it gives it up after this. */
  leaseMs: number;
  /** Delivery attempts before an event is set aside as `dead` (logged, kept in the table). */
  maxAttempts: number;
  /** The first retry's delay; each next one doubles, up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Delivered events are removed from the outbox after this long. */
  retentionMs: number;
  /**
   * Whether a writer waits for its events' handlers before it returns. `rapport start` does not:
   * an API call or a webhook answers once its change and events are committed, and a slow plugin
   * handler never holds it up. Tests and the SDK test host do, so what a handler does is visible
   * when the write returns.
   */
  awaitDelivery: boolean;
  /**
   * Without `awaitDelivery`, how long a local commit waits before it wakes the dispatcher, so the
   * events of many concurrent writes are claimed, delivered and marked in one batch instead of one
   * pass each: under load, delivery then costs a few statements per batch, not per write.
   */
  coalesceMs: number;
}

/** The container token of the deployment's {@link EventDispatcherOptions}. */
export const EventDispatcherOptions = serviceToken<EventDispatcherOptions>('rapport.core.EventDispatcherOptions');

export const DEFAULT_EVENT_DISPATCHER_OPTIONS: EventDispatcherOptions = {
  pollIntervalMs: 250,
  batchSize: 100,
  leaseMs: 30_000,
  maxAttempts: 10,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 5 * 60_000,
  retentionMs: 7 * 86_400_000,
  awaitDelivery: true,
  coalesceMs: 20,
};

/** Delivers the outbox, on a timer and when a local commit asks. */
export interface EventDispatcher {
  /** Starts delivering on a timer, beginning with what a previous process left undelivered. */
  start(): Promise<void>;
  /** Stops the timer and waits for the delivery in progress. */
  stop(): Promise<void>;
  /** Delivers every event due now, including any written before this call, and resolves when done. */
  dispatch(): Promise<void>;
  /** Asks for a dispatch soon, without waiting for it. */
  schedule(): void;
  /** What a writer does after its commit: dispatch and wait, or only ask for a dispatch (see `awaitDelivery`). */
  afterLocalCommit(): Promise<void>;
  /** A local commit wrote event sets (eventSets.ts): the next pass expands them before it claims. */
  setsStaged(): void;
  /**
   * Runs `hook` before each batch is delivered, after it is claimed: a handler can read once per
   * batch what it would otherwise read per event.
   */
  beforeEachBatch(hook: () => Promise<void>): Disposable;
  /** When the next pending event is due (the test host's clock stops there). */
  nextDueAt(): Promise<Date | null>;
}

/**
 * How long a pass's last delivered batch may wait for the next pass's claim to mark it before a
 * pass of its own does (or `pollIntervalMs`, if shorter). Under steady load the next commit's
 * pass comes sooner (every `coalesceMs`); below about 20 writes a second, a statement more per
 * pass does not matter.
 */
const MARK_WITHIN_MS = 50;

/** The container token of the {@link EventDispatcher}. */
export const EventDispatcher = serviceToken<EventDispatcher>('rapport.core.EventDispatcher');

/**
 * Delivers the outbox: claims due events (oldest first, one per customer at a time), hands each
 * to the event bus, and records the outcome. Events of different customers are delivered
 * concurrently within a batch; those of one customer strictly in order, because a customer's next
 * event is not claimable while an earlier one is pending.
 *
 * Local writes wake it at once (`dispatch()` after a commit); a timer picks up everything else.
 * Several dispatchers (processes) can share one PostgreSQL database: the outbox's leases and
 * `SKIP LOCKED` give each event to one of them.
 */
@injectable()
export class OutboxDispatcher implements EventDispatcher {
  private readonly pump = new Pump(
    () => this.pass(),
    // While the database is away every pass fails: one line per kind of failure and interval.
    (error) => this.failures.failure('error', 'event dispatch failed', error),
  );
  private readonly failures: BurstLimiter;
  private lastPrune = 0;
  private readonly batchHooks = new Set<() => Promise<void>>();
  private readonly logger: Logger;
  /** True for an embedded database no other process shares (SQLite): leases left at startup are a dead predecessor's. */
  private readonly soleProcess: boolean;
  /** Events of the last pass that every handler took, to be marked delivered with the next claim (see {@link pass}). */
  private unmarked: number[] = [];
  /** A pass to mark {@link unmarked} when nothing else makes one first. */
  private markTimer: NodeJS.Timeout | undefined;
  /** A {@link dispatch} waits: the next pass to end marks what is unmarked itself. */
  private settle = false;
  /**
   * Whether the next pass expands event sets: after a local commit wrote some, or a dispatch. A
   * pass looks anyway once per `pollIntervalMs` (other instances' sets, and a crashed process's),
   * so a pass woken by every ingested message does not pay a statement for sets it has none of.
   */
  private setsDue = true;
  private setsLookedAt = 0;

  constructor(
    @inject(EventOutbox) private readonly outbox: EventOutbox,
    @inject(EventHandlers) private readonly handlers: EventHandlers,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(EventDispatcherOptions) private readonly options: EventDispatcherOptions,
    @inject(Database) database: Database,
  ) {
    this.logger = logger.child({ component: 'events' });
    this.failures = new BurstLimiter(this.logger);
    this.soleProcess = database.dialect === 'sqlite';
  }

  /**
   * Starts delivering on a timer, beginning with what a previous process left undelivered. Call
   * it once the plugins are loaded, so their handlers can be reached.
   */
  async start(): Promise<void> {
    if (this.pump.timerStarted) return;
    if (this.soleProcess) await this.outbox.releaseAllLeases();
    this.pump.startTimer(this.options.pollIntervalMs);
  }

  /** Stops the timer and waits for the delivery in progress. */
  async stop(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    await this.pump.stop();
    await this.markUnmarked();
    this.failures.flush();
  }

  /**
   * Delivers every event due now, including any written before this call, and resolves when done.
   * Calls during a dispatch join it (and make it look once more).
   */
  dispatch(): Promise<void> {
    // A caller that waits for delivery sees it settled: the pass marks what it delivered before
    // it ends (in the pump, so no other pass claims while the marks are under way).
    this.settle = true;
    return this.pump.run();
  }

  schedule(): void {
    this.pump.poke();
  }

  /**
   * Runs `hook` before each batch is delivered, after it is claimed: a handler can read once per
   * batch what it would otherwise read per event (the workflow engine: which event types runs
   * are waiting for; every event in the batch was committed before the hook runs).
   */
  beforeEachBatch(hook: () => Promise<void>): Disposable {
    this.batchHooks.add(hook);
    return Disposable.create(() => {
      this.batchHooks.delete(hook);
    });
  }

  nextDueAt(): Promise<Date | null> {
    return this.outbox.nextDueAt();
  }

  setsStaged(): void {
    this.setsDue = true;
  }

  /** Delivers after a local commit: waits for it, or only starts it (see `awaitDelivery`). */
  afterLocalCommit(): Promise<void> {
    if (this.options.awaitDelivery) return this.dispatch();
    this.pump.pokeAfter(this.options.coalesceMs);
    return Promise.resolve();
  }

  /**
   * Claims and delivers batches until nothing claimable is left. The events of a batch every
   * handler took are marked delivered with the next claim. A next claim is made only when the
   * batch was full or one of its delivered events held its customer's next event back: otherwise
   * the claim found everything claimable then, and an event committed since is announced by its
   * writer (a local commit asks for another pass) or found by the timer, as it would be after a
   * claim that found nothing.
   *
   * The last batch's events are marked by the next pass's first claim, which the next local
   * commit makes, or a pass of their own {@link MARK_WITHIN_MS} later (well within their lease)
   * when none came first; or at once when the pass was a {@link dispatch}, whose caller waits for
   * delivery and then sees it settled. On the ingest path, a pass after every few messages, that
   * is one statement fewer per pass. They stay leased meanwhile, so no dispatcher takes them again;
   * a crash in between delivers them again, as a crash between delivery and marking always could
   * (delivery is at least once).
   */
  private async pass(): Promise<void> {
    await this.expandSets();
    let delivered = this.unmarked;
    this.unmarked = [];
    try {
      for (;;) {
        const now = this.clock.now();
        const claimStarted = Date.now();
        const claimed = await this.outbox.claim(now, new Date(now.getTime() + this.options.leaseMs), this.options.batchSize, delivered);
        delivered = [];
        if (claimed.length === 0) break;
        traceClaim(claimStarted, claimed);
        for (const hook of this.batchHooks) await hook();
        const batch = await this.deliverBatch(claimed);
        delivered = batch.delivered;
        if (!batch.more && claimed.length < this.options.batchSize) break;
      }
    } finally {
      // Whatever is not marked yet (a claim failed, or this is the last batch) waits for the next claim.
      this.unmarked.push(...delivered);
      this.markLater();
    }
    if (this.settle) {
      this.settle = false;
      await this.markUnmarked();
    }
    await this.pruneNowAndThen();
  }

  /**
   * Expands the event sets due (see {@link setsDue}) into outbox rows, so this pass claims their
   * events as any others. When another instance is expanding (PostgreSQL), the next pass looks
   * again: the other may have read the table before this instance's set committed.
   */
  private async expandSets(): Promise<void> {
    if (!this.setsDue && !this.settle && Date.now() - this.setsLookedAt < this.options.pollIntervalMs) return;
    this.setsDue = false;
    this.setsLookedAt = Date.now();
    try {
      for (;;) {
        const expansion = await this.outbox.expandSets();
        if (expansion.busy) this.setsDue = true;
        if (expansion.busy || expansion.sets < SETS_PER_EXPANSION) return;
      }
    } catch (error) {
      this.setsDue = true;
      throw error;
    }
  }

  /** Makes sure a pass marks what is unmarked, if no other pass has by then (without keeping the process alive). */
  private markLater(): void {
    if (this.markTimer || this.unmarked.length === 0) return;
    this.markTimer = setTimeout(
      () => {
        this.markTimer = undefined;
        if (this.unmarked.length > 0) this.pump.poke();
      },
      Math.min(this.options.pollIntervalMs, MARK_WITHIN_MS),
    );
    this.markTimer.unref();
  }

  private async markUnmarked(): Promise<void> {
    const seqs = this.unmarked;
    this.unmarked = [];
    try {
      await this.outbox.delivered(seqs);
    } catch (error) {
      this.unmarked.push(...seqs);
      throw error;
    }
  }

  /**
   * Delivers a claimed batch: the customers at once, each customer's events one after the other
   * in order. After a failure the customer's later events wait (given back to the outbox
   * unattempted), since they must not overtake it. `more`: a delivered event was the last claimed
   * of its customer and held a next one back, which a new claim can now take.
   */
  private async deliverBatch(claimed: readonly StoredEvent[]): Promise<{ delivered: number[]; more: boolean }> {
    const runs = new Map<string | number, StoredEvent[]>();
    for (const stored of claimed) {
      const key = stored.customerId ?? stored.seq;
      const run = runs.get(key);
      if (run) run.push(stored);
      else runs.set(key, [stored]);
    }
    const delivered: number[] = [];
    const released: number[] = [];
    let more = false;
    await Promise.all(
      [...runs.values()].map(async (run) => {
        for (let index = 0; index < run.length; index++) {
          const stored = run[index]!;
          if (!(await this.deliver(stored))) {
            released.push(...run.slice(index + 1).map((later) => later.seq));
            return;
          }
          delivered.push(stored.seq);
        }
        if (run.at(-1)!.blocksNext) more = true;
      }),
    );
    await this.outbox.release(released);
    return { delivered, more };
  }

  /** Delivers one event; true if every handler took it, otherwise records the failure for a retry. */
  private deliver(stored: StoredEvent): Promise<boolean> {
    const { event } = stored;
    return withSpan(
      `outbox.dispatch ${event.eventType}`,
      { 'rapport.event.type': event.eventType, 'rapport.event.id': event.id, 'rapport.event.attempt': stored.attempts },
      () => this.deliverTraced(stored),
      { kind: SpanKind.CONSUMER, parent: eventDeliveryContext(event.id) },
    );
  }

  private async deliverTraced(stored: StoredEvent): Promise<boolean> {
    const { deliveredTo, failures } = await this.handlers.deliverStored(stored.event, stored.deliveredTo);
    if (failures.length === 0) return true;
    const error = failures.map((failure) => `${failure.handler}: ${failure.error}`).join('; ');
    if (stored.attempts >= this.options.maxAttempts) {
      this.logger.error(
        { eventId: stored.event.id, eventType: stored.event.eventType, attempts: stored.attempts, failures },
        `event set aside after ${stored.attempts} failed deliveries: ${error}`,
      );
      await this.outbox.failed(stored.seq, deliveredTo, error, null);
      return false;
    }
    const delay = Math.min(this.options.retryDelayMs * 2 ** (stored.attempts - 1), this.options.maxRetryDelayMs);
    await this.outbox.failed(stored.seq, deliveredTo, error, new Date(this.clock.now().getTime() + delay));
    return false;
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    await this.outbox.prune(new Date(now - this.options.retentionMs));
  }
}

/** A claim that found events, as a span of its own, linked to the spans that wrote them. */
function traceClaim(startTime: number, claimed: readonly StoredEvent[]): void {
  if (!tracingActive()) return;
  recordSpan('outbox.claim', startTime, { 'rapport.outbox.claimed': claimed.length }, eventOriginLinks(claimed.map((stored) => stored.event.id)));
}
