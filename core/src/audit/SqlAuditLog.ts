import type { EntityManager } from '@mikro-orm/core';
import { inject, injectable } from 'inversify';
import { actingNow } from '../actors/acting.js';
import { Clock } from '../clock/Clock.js';
import { BurstLimiter } from '../logging/BurstLimiter.js';
import { Logger } from '../logging/Logger.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { errorMessage } from '../util/errorMessage.js';
import { Pump } from '../util/Pump.js';
import { AuditKeys } from './AuditKeys.js';
import {
  AuditOptions,
  type AuditEntry,
  type AuditEventRow,
  type AuditFilter,
  type AuditLog,
  type AuditPruning,
  type AuditStatement,
  type AuditVerification,
} from './AuditLog.js';
import { AuditReads } from './AuditReads.js';
import { AuditRetention } from './AuditRetention.js';
import { insertOf, insertSelectingOf } from './auditRows.js';
import { AuditSealer } from './AuditSealer.js';
import { AuditVerifier } from './AuditVerifier.js';
import { redactCustomer, redactTarget } from './redaction.js';
import type { KeysetPage } from '../util/KeysetPage.js';

/**
 * The {@link AuditLog} in the database (migration 0006): writers insert unsealed events in their
 * own transactions; the sealer chains them shortly after, one instance at a time; verification,
 * redaction, retention and reads work on the same tables.
 */
@injectable()
export class SqlAuditLog implements AuditLog {
  private readonly logger: Logger;
  private readonly keys: AuditKeys;
  private readonly sealer: AuditSealer;
  private readonly verifier: AuditVerifier;
  private readonly retention: AuditRetention;
  private readonly reads: AuditReads;
  private readonly sealing: Pump;
  private readonly failures: BurstLimiter;
  private started = false;
  private pruneTimer: NodeJS.Timeout | undefined;
  private pruning: Promise<unknown> | undefined;

  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(AuditOptions) private readonly options: AuditOptions,
  ) {
    this.logger = logger.child({ component: 'audit' });
    // The parts are this service's own, not shared: made here, not bound.
    this.keys = new AuditKeys(database, options.secret, this.logger);
    this.sealer = new AuditSealer(database, this.keys, clock);
    this.verifier = new AuditVerifier(database, this.keys);
    this.retention = new AuditRetention(database, this.keys, this.verifier, options.retentionMs);
    this.reads = new AuditReads(database);
    this.sealing = new Pump(
      async () => void (await this.sealer.sealPending()),
      // While the database is away every pass fails: one line per kind of failure and interval.
      (error) => this.failures.failure('error', 'sealing audit events failed', error),
    );
    this.failures = new BurstLimiter(this.logger);
  }

  statementsFor(entries: readonly AuditEntry[]): AuditStatement[] {
    if (entries.length === 0) return [];
    const statement = insertOf(this.database.dialect, entries, actingNow(), this.clock.now());
    this.sealSoon();
    return [statement];
  }

  async appendIn(sql: SqlSession, entries: readonly AuditEntry[]): Promise<void> {
    for (const statement of this.statementsFor(entries)) await sql.run(statement.sql, statement.params);
  }

  async appendInOrm(em: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    for (const statement of this.statementsFor(entries)) {
      await em.getConnection().execute(statement.sql, statement.params, 'run', em.getTransactionContext());
    }
  }

  insertSelecting(entry: AuditEntry, source: string): AuditStatement {
    const statement = insertSelectingOf(entry, source, actingNow(), this.clock.now());
    this.sealSoon();
    return statement;
  }

  /** Seals what committed so far (alongside a timer's pass, if one runs: the chain lock orders them). */
  sealPending(): Promise<number> {
    return this.sealer.sealPending();
  }

  async verify(): Promise<AuditVerification> {
    try {
      await this.sealPending();
    } catch (error) {
      // Verify still walks what is sealed, and says why sealing failed if the walk does not.
      const walked = await this.verifier.verify();
      if (!walked.ok) return walked;
      return { ...walked, ok: false, problem: { kind: 'key', seq: walked.lastSeq + 1, message: errorMessage(error) } };
    }
    return this.verifier.verify();
  }

  redactChanges(targetType: string, targetId: string, sql: SqlSession = SqlSession.autocommit(this.database)): Promise<number> {
    return redactTarget(sql, targetType, targetId, this.clock.now());
  }

  redactCustomer(customerId: string, sql: SqlSession = SqlSession.autocommit(this.database)): Promise<number> {
    return redactCustomer(sql, customerId, this.clock.now());
  }

  async prune(now: Date = this.clock.now()): Promise<AuditPruning> {
    await this.sealPending();
    return this.retention.prune(now);
  }

  list(filter: AuditFilter, limit: number, page?: KeysetPage): Promise<AuditEventRow[]> {
    return this.reads.list(filter, limit, page);
  }

  count(filter: AuditFilter): Promise<number> {
    return this.reads.count(filter);
  }

  get(id: string): Promise<AuditEventRow | undefined> {
    return this.reads.get(id);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.sealing.startTimer(this.options.sealIntervalMs);
    if (this.options.retentionMs === undefined) return;
    this.pruneTimer = setInterval(() => {
      if (this.pruning) return;
      this.pruning = this.prune()
        .then((result) => result.pruned > 0 && this.logger.info(result, `pruned ${result.pruned} audit events older than the retention`))
        .catch((error: unknown) => this.failures.failure('error', 'pruning audit events failed', error))
        .finally(() => (this.pruning = undefined));
    }, this.options.pruneIntervalMs);
    this.pruneTimer.unref();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = undefined;
    await this.pruning;
    await this.sealing.stop();
    this.failures.flush();
  }

  /** After a write, once started: a sealing pass shortly, shared by the writes of that interval. */
  private sealSoon(): void {
    if (this.started) this.sealing.pokeAfter(this.options.sealDelayMs);
  }
}
