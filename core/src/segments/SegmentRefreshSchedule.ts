import { inject, injectable } from 'inversify';
import { serviceToken, type Disposable } from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import { Logger } from '../logging/Logger.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { errorMessage } from '../util/errorMessage.js';
import { SegmentRefresh } from './SegmentRefresh.js';

/** When defined segments are refreshed (`segments` in the config). */
export interface SegmentRefreshOptions {
  /** Every segment, this often: what time alone changes ("nothing in 60 days"). */
  everyMs: number;
  /** After an event that can change membership, this long, so a burst of events costs one refresh. */
  coalesceMs: number;
}

export const DEFAULT_SEGMENT_REFRESH_OPTIONS: SegmentRefreshOptions = { everyMs: 15 * 60_000, coalesceMs: 5_000 };

/** The container token of the deployment's {@link SegmentRefreshOptions}. */
export const SegmentRefreshOptions = serviceToken<SegmentRefreshOptions>('rapport.core.SegmentRefreshOptions');

/** The events after which a defined segment's members may have changed. */
const MEMBERSHIP_EVENTS = ['customer.created', 'customer.updated', 'customer.merged', 'interaction.recorded', 'score.changed', 'segment.entered', 'segment.left'] as const;

/**
 * Keeps defined segments current: every segment on a schedule (`everyMs`), and after the events
 * that touch the fields rules read, coalesced (`coalesceMs`) into one refresh of every segment.
 * Each refresh is one set-based statement pair per segment (SegmentRefresh), leased, so instances
 * that run the schedule at once refresh each segment once. Timers run on the core's clock.
 */
export interface SegmentRefreshSchedule {
  start(): void;
  stop(): void;
  /** Refreshes every defined segment now; resolves when done. */
  refreshAll(): Promise<void>;
}

/** The container token of the {@link SegmentRefreshSchedule}. */
export const SegmentRefreshSchedule = serviceToken<SegmentRefreshSchedule>('rapport.core.SegmentRefreshSchedule');

@injectable()
export class TimedSegmentRefreshSchedule implements SegmentRefreshSchedule {
  private timer: Disposable | undefined;
  private pending: Disposable | undefined;
  private running: Promise<void> | undefined;
  private readonly subscriptions: Disposable[] = [];
  private readonly logger: Logger;

  constructor(
    @inject(SegmentRefreshOptions) private readonly options: SegmentRefreshOptions,
    @inject(SegmentRefresh) private readonly refresher: SegmentRefresh,
    @inject(Database) private readonly database: Database,
    @inject(EventBus) private readonly events: EventBus,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'segments' });
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.timer = this.clock.setTimer(this.options.everyMs, tick);
      void this.refreshAll();
    };
    this.timer = this.clock.setTimer(this.options.everyMs, tick);
    for (const type of MEMBERSHIP_EVENTS) {
      this.subscriptions.push(
        this.events.subscribe(type, (event) => {
          // A defined segment's own changes move nothing else in it.
          if ((event as { model?: string }).model !== 'rules') this.soon();
        }),
      );
    }
  }

  stop(): void {
    this.timer?.dispose();
    this.pending?.dispose();
    this.timer = this.pending = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  refreshAll(): Promise<void> {
    // One pass at a time; a pass asked for during one runs after it.
    const previous = this.running ?? Promise.resolve();
    const next = previous.then(() => this.pass());
    this.running = next.finally(() => {
      if (this.running === next) this.running = undefined;
    });
    return next;
  }

  private soon(): void {
    if (this.pending) return;
    this.pending = this.clock.setTimer(this.options.coalesceMs, () => {
      this.pending = undefined;
      void this.refreshAll();
    });
  }

  private async pass(): Promise<void> {
    const rows = await SqlSession.reads(this.database).all<{ id: string }>('select id from segment_definitions order by id');
    for (const { id } of rows) {
      try {
        await this.refresher.refresh(id);
      } catch (error) {
        this.logger.error({ segment: id, err: { message: errorMessage(error) } }, 'segment refresh failed');
      }
    }
  }
}
