import { inject, injectable } from 'inversify';
import { parseDuration, serviceToken } from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { PluginCalls } from '../contributions/PluginCalls.js';
import { CustomerService } from '../domain/CustomerService.js';
import { Logger } from '../logging/Logger.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { errorMessage } from '../util/errorMessage.js';
import { Pump } from '../util/Pump.js';
import { CustomerEvaluator, type Evaluation } from './CustomerEvaluator.js';

/** Customers read per page during a sweep. */
const PAGE_SIZE = 200;

/** The periodic re-evaluation of rules and models with `reevaluateEvery`. */
export interface ReevaluationSweeps {
  /** Checks for due sweeps every `intervalMs` (and once now); `rapport start` calls it. */
  start(intervalMs: number): void;
  stop(): Promise<void>;
  /** Runs every sweep due now, and resolves when they are done. */
  runDue(): Promise<void>;
  /** When the next sweep of a live rule or model is due (the test host's clock stops there). */
  nextDueAt(): Promise<Date | null>;
}

/** The container token of {@link ReevaluationSweeps}. */
export const ReevaluationSweeps = serviceToken<ReevaluationSweeps>('rapport.core.ReevaluationSweeps');

/**
 * Re-evaluates every customer for the scoring rules and segmentation models that ask for it
 * (`reevaluateEvery`), because some results change with time alone: a satisfaction window moves
 * on, a quiet customer becomes at risk. Each rule or model has a row in `evaluation_sweeps`; the
 * instance whose conditional update moves its `next_due_at` forward runs the sweep, so a
 * deployment of several instances sweeps once per period. A customer whose evaluation fails is
 * logged and counted against the plugin, and the sweep goes on.
 */
@injectable()
export class SweepsInDatabase implements ReevaluationSweeps {
  private readonly pump: Pump;
  /** The registrations whose row this process has made sure of. */
  private readonly scheduled = new WeakSet<object>();
  private readonly logger: Logger;

  constructor(
    @inject(Database) private readonly database: Database,
    @inject(CustomerEvaluator) private readonly evaluator: CustomerEvaluator,
    @inject(CustomerService) private readonly customers: CustomerService,
    @inject(PluginCalls) private readonly calls: PluginCalls,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'evaluation' });
    this.pump = new Pump(
      () => this.pass(),
      (error) => this.logger.error({ err: { message: errorMessage(error) } }, 're-evaluation sweep failed'),
    );
  }

  /** Checks for due sweeps every `intervalMs` (and once now); `rapport start` calls it. */
  start(intervalMs: number): void {
    this.pump.startTimer(intervalMs);
  }

  stop(): Promise<void> {
    return this.pump.stop();
  }

  /** Runs every sweep due now, and resolves when they are done. */
  runDue(): Promise<void> {
    return this.pump.run();
  }

  /** When the next sweep of a live rule or model is due (the test host's clock stops there). */
  async nextDueAt(): Promise<Date | null> {
    const periodic = this.periodic();
    if (periodic.length === 0) return null;
    await this.schedule(periodic);
    const sql = SqlSession.autocommit(this.database);
    const rows = await sql.all<{ next_due_at: unknown }>(
      `select next_due_at from evaluation_sweeps where ${periodic.map(() => '(kind = ? and id = ?)').join(' or ')}`,
      periodic.flatMap(({ evaluation }) => [evaluation.kind, evaluation.registration.id]),
    );
    const times = rows.map((row) => SqlSession.readDate(row.next_due_at)!.getTime());
    return times.length > 0 ? new Date(Math.min(...times)) : null;
  }

  /** The live rules and models that sweep, with their periods (checked when they registered). */
  private periodic(): { evaluation: Evaluation; periodMs: number }[] {
    return this.evaluator.registered().flatMap((evaluation) => {
      const period = evaluation.registration.implementation.reevaluateEvery;
      if (period === undefined) return [];
      try {
        return [{ evaluation, periodMs: parseDuration(period, 'reevaluateEvery') }];
      } catch {
        return [];
      }
    });
  }

  /**
   * A rule or model seen for the first time is first due one period from now. Each registration
   * is written once per process, not on every check.
   */
  private async schedule(periodic: { evaluation: Evaluation; periodMs: number }[]): Promise<void> {
    const sql = SqlSession.autocommit(this.database);
    const now = this.clock.now().getTime();
    for (const { evaluation, periodMs } of periodic) {
      if (this.scheduled.has(evaluation.registration)) continue;
      await sql.run('insert into evaluation_sweeps (kind, id, next_due_at) values (?, ?, ?) on conflict (kind, id) do nothing', [
        evaluation.kind,
        evaluation.registration.id,
        sql.date(new Date(now + periodMs)),
      ]);
      this.scheduled.add(evaluation.registration);
    }
  }

  private async pass(): Promise<void> {
    const periodic = this.periodic();
    if (periodic.length === 0) return;
    await this.schedule(periodic);
    for (const item of periodic) {
      if (await this.claim(item)) await this.sweep(item.evaluation);
    }
  }

  /** Takes the sweep if it is due, moving its next due time one period on; false if it is not due or another instance took it. */
  private async claim({ evaluation, periodMs }: { evaluation: Evaluation; periodMs: number }): Promise<boolean> {
    const sql = SqlSession.autocommit(this.database);
    const now = this.clock.now();
    const rows = await sql.all(
      'update evaluation_sweeps set next_due_at = ?, last_started_at = ? where kind = ? and id = ? and next_due_at <= ? returning id',
      [sql.date(new Date(now.getTime() + periodMs)), sql.date(now), evaluation.kind, evaluation.registration.id, sql.date(now)],
    );
    return rows.length > 0;
  }

  private async sweep(evaluation: Evaluation): Promise<void> {
    const { id, plugin } = evaluation.registration;
    const started = performance.now();
    let evaluated = 0;
    let failed = 0;
    for await (const customer of this.customers.each(PAGE_SIZE)) {
      // A plugin deactivated mid-sweep (disabled, its breaker tripped) has no more to evaluate.
      if (!this.evaluator.registered().some((live) => live.registration === evaluation.registration)) break;
      try {
        await this.evaluator.evaluate(evaluation, customer);
        evaluated++;
      } catch (error) {
        failed++;
        this.logger.error({ plugin, [evaluation.kind === 'scoringRules' ? 'rule' : 'model']: id, customerId: customer.id, err: { message: errorMessage(error) } }, 're-evaluation of a customer failed');
        await this.calls.failed({ plugin, error, where: `the re-evaluation sweep of ${evaluation.kind === 'scoringRules' ? 'scoring rule' : 'segmentation model'} "${id}"`, surfaced: false });
      }
    }
    const sql = SqlSession.autocommit(this.database);
    await sql.run('update evaluation_sweeps set last_finished_at = ? where kind = ? and id = ?', [sql.date(this.clock.now()), evaluation.kind, id]);
    this.logger.info({ plugin, kind: evaluation.kind, id, evaluated, failed, ms: Math.round(performance.now() - started) }, 're-evaluation sweep done');
  }
}
