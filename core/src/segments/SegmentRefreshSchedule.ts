import { inject, injectable } from 'inversify';
import { serviceToken, type Disposable } from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import { Logger } from '../logging/Logger.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { errorMessage } from '../util/errorMessage.js';
import { RuleModelRefresh } from './RuleModelRefresh.js';
import { RuleModels } from './RuleModels.js';
import type { CustomerScope } from './customerScope.js';
import type { RefreshResult } from './membershipRefresh.js';
import { SegmentRefresh } from './SegmentRefresh.js';
import { SegmentRefreshOptions } from './SegmentRefreshOptions.js';

/** The events after which a defined segment's or a rule model's members may have changed. */
const MEMBERSHIP_EVENTS = ['customer.created', 'customer.updated', 'customer.merged', 'interaction.recorded', 'score.changed', 'segment.entered', 'segment.left'] as const;

/** The defined segments (model `rules`), as one target of a refresh; rule models are targets by their id. */
const DEFINED = 'rules';

/** A target to refresh for every customer, in {@link TimedSegmentRefreshSchedule.dirty}. */
const EVERYONE = 'everyone';

/** One refresh asked for: a target, for every customer or for some (CustomerScope). */
type RefreshWork = readonly [target: string, scope: CustomerScope];

/**
 * Keeps defined segments and rule segmentation models current: each on a schedule (defined
 * segments every `everyMs`, a rule model every `refreshEvery` or `everyMs`), a rule model as soon
 * as it is registered, and, after the events that touch the fields rules read, every one of them
 * once, coalesced (`coalesceMs`), for the customers those events named (up to `scopedUpTo`). A
 * model's or the defined segments' own `segment.*` events do not refresh themselves again.
 * Refreshes run one at a time; each is set-based and leased (SegmentRefresh, RuleModelRefresh),
 * so instances that run the schedule at once refresh each segment once; a refresh of some
 * customers that finds the lease taken is asked for again. A disposed model's refreshes stop.
 * Timers run on the core's clock.
 */
export interface SegmentRefreshSchedule {
  start(): void;
  /** Stops the timers and the event subscriptions; resolves when the refresh under way is done. */
  stop(): Promise<void>;
  /** Refreshes every defined segment and every rule model now; resolves when done. */
  refreshAll(): Promise<void>;
  /**
   * Runs now the refresh that events asked for (instead of after `coalesceMs`), and resolves
   * when every refresh asked for so far is done: the test host's "everything due now".
   */
  flush(): Promise<void>;
}

/** The container token of the {@link SegmentRefreshSchedule}. */
export const SegmentRefreshSchedule = serviceToken<SegmentRefreshSchedule>('rapport.core.SegmentRefreshSchedule');

@injectable()
export class TimedSegmentRefreshSchedule implements SegmentRefreshSchedule {
  private started = false;
  /** Periodic timers by target (DEFINED or a model id). */
  private readonly timers = new Map<string, Disposable>();
  private pending: Disposable | undefined;
  /** What the events since the last coalesced refresh asked to refresh, each target for the customers they named or for everyone. */
  private readonly dirty = new Map<string, Set<string> | typeof EVERYONE>();
  /** The refreshes under way and asked for, one after the other. */
  private queue: Promise<void> = Promise.resolve();
  private readonly subscriptions: Disposable[] = [];
  private readonly logger: Logger;

  constructor(
    @inject(SegmentRefreshOptions) private readonly options: SegmentRefreshOptions,
    @inject(SegmentRefresh) private readonly refresher: SegmentRefresh,
    @inject(RuleModels) private readonly models: RuleModels,
    @inject(RuleModelRefresh) private readonly modelRefresher: RuleModelRefresh,
    @inject(Database) private readonly database: Database,
    @inject(EventBus) private readonly events: EventBus,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'segments' });
    // Followed from construction, not from start(): a model is refreshed when it registers, schedule or not.
    models.onDidChange(({ id, change }) => {
      if (change === 'registered') {
        void this.enqueue([[id, undefined]]);
        if (this.started) this.arm(id);
      } else {
        this.timers.get(id)?.dispose();
        this.timers.delete(id);
        this.dirty.delete(id);
      }
    });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.arm(DEFINED);
    for (const model of this.models.live()) this.arm(model.id);
    for (const type of MEMBERSHIP_EVENTS) {
      this.subscriptions.push(this.events.subscribe(type, (event) => this.soon(event as MembershipEvent)));
    }
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const timer of this.timers.values()) timer.dispose();
    this.timers.clear();
    this.pending?.dispose();
    this.pending = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    await this.queue;
  }

  refreshAll(): Promise<void> {
    return this.enqueue(this.targets().map((target) => [target, undefined]));
  }

  flush(): Promise<void> {
    if (this.pending) {
      this.pending.dispose();
      this.pending = undefined;
      void this.enqueue(this.takeDirty());
    }
    return this.queue;
  }

  private targets(): string[] {
    return [DEFINED, ...this.models.live().map((model) => model.id)];
  }

  /** A periodic timer for one target, re-armed as it fires; `now` is taken when it fires. */
  private arm(target: string): void {
    this.timers.get(target)?.dispose();
    const periodMs = target === DEFINED ? this.options.everyMs : (this.models.get(target)?.periodMs ?? this.options.everyMs);
    const tick = () => {
      this.timers.set(target, this.clock.setTimer(periodMs, tick));
      void this.enqueue([[target, undefined]], this.clock.now());
    };
    this.timers.set(target, this.clock.setTimer(periodMs, tick));
  }

  /** After an event (from a model's refresh, or not), every other target is refreshed once, soon, for the customers named. */
  private soon(event: MembershipEvent): void {
    const customers = [event.customerId, event.mergedCustomerId].filter((id): id is string => typeof id === 'string');
    for (const target of this.targets()) if (target !== event.model) this.markDirty(target, customers.length > 0 ? customers : undefined);
  }

  /** Asks for a coalesced refresh of `target`, for `customers` (undefined: every customer). */
  private markDirty(target: string, customers: CustomerScope): void {
    const marked = this.dirty.get(target);
    if (marked !== EVERYONE) {
      if (customers === undefined) this.dirty.set(target, EVERYONE);
      else {
        const scope = marked ?? new Set<string>();
        for (const id of customers) scope.add(id);
        this.dirty.set(target, scope.size > this.options.scopedUpTo ? EVERYONE : scope);
      }
    }
    this.pending ??= this.clock.setTimer(this.options.coalesceMs, () => {
      this.pending = undefined;
      void this.enqueue(this.takeDirty());
    });
  }

  private takeDirty(): RefreshWork[] {
    const work = [...this.dirty].map(([target, marked]): RefreshWork => [target, marked === EVERYONE ? undefined : [...marked]]);
    this.dirty.clear();
    return work;
  }

  /** Runs the refreshes of `work` after those already asked for; never rejects (failures are logged). */
  private enqueue(work: readonly RefreshWork[], now?: Date): Promise<void> {
    const run = async () => {
      for (const [target, scope] of work) await this.refresh(target, scope, now);
    };
    this.queue = this.queue.then(run).catch((error: unknown) => this.logger.error({ err: { message: errorMessage(error) } }, 'segment refresh failed'));
    return this.queue;
  }

  private async refresh(target: string, scope: CustomerScope, now: Date | undefined): Promise<void> {
    if (target !== DEFINED) {
      // A model disposed since it was asked for is not refreshed.
      if (!this.models.get(target)) return;
      await this.refreshed(target, scope, () => this.modelRefresher.refresh(target, now, scope), { model: target }, 'segmentation model refresh failed');
      return;
    }
    const rows = await SqlSession.reads(this.database).all<{ id: string }>('select id from segment_definitions order by id').catch((error: unknown) => {
      this.logger.error({ err: { message: errorMessage(error) } }, 'segment refresh failed');
      return [];
    });
    for (const { id } of rows) await this.refreshed(DEFINED, scope, () => this.refresher.refresh(id, scope), { segment: id }, 'segment refresh failed');
  }

  /**
   * Runs one refresh and logs its failure. A refresh of some customers skipped because another
   * holds the lease is asked for again: the refresh under way may have read before the events'
   * changes, and the schedule would only see those customers again at the next whole refresh.
   */
  private async refreshed(target: string, scope: CustomerScope, run: () => Promise<RefreshResult | undefined>, about: object, failure: string): Promise<void> {
    try {
      if ((await run()) === undefined && scope !== undefined && this.started) this.markDirty(target, scope);
    } catch (error) {
      this.logger.error({ ...about, err: { message: errorMessage(error) } }, failure);
    }
  }
}

/** What the schedule reads of the events it follows (MEMBERSHIP_EVENTS' payloads). */
interface MembershipEvent {
  customerId?: unknown;
  /** customer.merged: the customer merged into `customerId`. */
  mergedCustomerId?: unknown;
  /** segment.entered and segment.left: the model whose refresh moved the customer. */
  model?: string;
}
