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
import { SegmentRefresh } from './SegmentRefresh.js';

/** When defined segments and rule models are refreshed (`segments` in the config). */
export interface SegmentRefreshOptions {
  /** Every defined segment, and every rule model without its own `refreshEvery`, this often: what time alone changes ("nothing in 60 days"). */
  everyMs: number;
  /** After an event that can change membership, this long, so a burst of events costs one refresh. */
  coalesceMs: number;
}

export const DEFAULT_SEGMENT_REFRESH_OPTIONS: SegmentRefreshOptions = { everyMs: 15 * 60_000, coalesceMs: 5_000 };

/** The container token of the deployment's {@link SegmentRefreshOptions}. */
export const SegmentRefreshOptions = serviceToken<SegmentRefreshOptions>('rapport.core.SegmentRefreshOptions');

/** The events after which a defined segment's or a rule model's members may have changed. */
const MEMBERSHIP_EVENTS = ['customer.created', 'customer.updated', 'customer.merged', 'interaction.recorded', 'score.changed', 'segment.entered', 'segment.left'] as const;

/** The defined segments (model `rules`), as one target of a refresh; rule models are targets by their id. */
const DEFINED = 'rules';

/**
 * Keeps defined segments and rule segmentation models current: each on a schedule (defined
 * segments every `everyMs`, a rule model every `refreshEvery` or `everyMs`), a rule model as soon
 * as it is registered, and, after the events that touch the fields rules read, every one of them
 * once, coalesced (`coalesceMs`). A model's or the defined segments' own `segment.*` events do not
 * refresh themselves again. Refreshes run one at a time; each is set-based and leased
 * (SegmentRefresh, RuleModelRefresh), so instances that run the schedule at once refresh each
 * segment once. A disposed model's refreshes stop. Timers run on the core's clock.
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
  /** What the events since the last coalesced refresh asked to refresh. */
  private readonly dirty = new Set<string>();
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
        void this.enqueue([id]);
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
      this.subscriptions.push(this.events.subscribe(type, (event) => this.soon((event as { model?: string }).model)));
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
    return this.enqueue(this.targets());
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
      void this.enqueue([target], this.clock.now());
    };
    this.timers.set(target, this.clock.setTimer(periodMs, tick));
  }

  /** After an event from `source` (a model, or none), everything else is refreshed once, soon. */
  private soon(source: string | undefined): void {
    for (const target of this.targets()) if (target !== source) this.dirty.add(target);
    if (this.pending || this.dirty.size === 0) return;
    this.pending = this.clock.setTimer(this.options.coalesceMs, () => {
      this.pending = undefined;
      void this.enqueue(this.takeDirty());
    });
  }

  private takeDirty(): string[] {
    const targets = [...this.dirty];
    this.dirty.clear();
    return targets;
  }

  /** Runs the refreshes of `targets` after those already asked for; never rejects (failures are logged). */
  private enqueue(targets: readonly string[], now?: Date): Promise<void> {
    const run = async () => {
      for (const target of targets) await this.refresh(target, now);
    };
    this.queue = this.queue.then(run).catch((error: unknown) => this.logger.error({ err: { message: errorMessage(error) } }, 'segment refresh failed'));
    return this.queue;
  }

  private async refresh(target: string, now: Date | undefined): Promise<void> {
    if (target !== DEFINED) {
      // A model disposed since it was asked for is not refreshed.
      if (!this.models.get(target)) return;
      try {
        await this.modelRefresher.refresh(target, now);
      } catch (error) {
        this.logger.error({ model: target, err: { message: errorMessage(error) } }, 'segmentation model refresh failed');
      }
      return;
    }
    const rows = await SqlSession.reads(this.database).all<{ id: string }>('select id from segment_definitions order by id').catch((error: unknown) => {
      this.logger.error({ err: { message: errorMessage(error) } }, 'segment refresh failed');
      return [];
    });
    for (const { id } of rows) {
      try {
        await this.refresher.refresh(id);
      } catch (error) {
        this.logger.error({ segment: id, err: { message: errorMessage(error) } }, 'segment refresh failed');
      }
    }
  }
}
