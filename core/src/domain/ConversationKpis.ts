import { inject, injectable } from 'inversify';
import { serviceToken, ValidationError } from '@rapport/sdk';
import { Database } from '../persistence/openDatabase.js';
import { applyRule } from './inputRules.js';

/** Service-level figures over the conversations opened in a period. */
export interface KpiSummary {
  /** Conversations opened in the period (on the channel, if one was given). */
  conversations: number;
  resolved: number;
  /** resolved / conversations, from 0 to 1; null when there were none. */
  resolutionRate: number | null;
  /** Mean time from the customer's first message to the first reply, in ms. */
  averageFirstResponseTimeMs: number | null;
  /** Mean time from opening to resolution, in ms. */
  averageResolutionTimeMs: number | null;
}

/** A period and, optionally, a channel (the channel a conversation was opened on). */
export interface KpiFilter {
  from: Date;
  to: Date;
  channel?: string;
}

/**
 * First response time, resolution time and resolution rate, computed in the database so that
 * they cost one query whatever the number of conversations. Durations are differences of
 * timestamps: milliseconds in SQLite (where MikroORM stores dates as epoch ms), intervals in
 * PostgreSQL.
 */
export interface ConversationKpis {
  /** The figures of the conversations opened in the period (on the channel, if one is given). */
  summary(filter: KpiFilter): Promise<KpiSummary>;
}

/** The container token of {@link ConversationKpis}. */
export const ConversationKpis = serviceToken<ConversationKpis>('rapport.core.ConversationKpis');

/** {@link ConversationKpis} as one SQL query. */
@injectable()
export class SqlConversationKpis implements ConversationKpis {
  constructor(@inject(Database) private readonly database: Database) {}

  async summary(filter: KpiFilter): Promise<KpiSummary> {
    if (!(filter.from < filter.to)) throw new ValidationError('from must be before to.', 'from');
    const ms =
      this.database.dialect === 'postgresql'
        ? (later: string, earlier: string) => `extract(epoch from (${later} - ${earlier})) * 1000`
        : (later: string, earlier: string) => `(${later} - ${earlier})`;
    const params: unknown[] = [this.param(filter.from), this.param(filter.to)];
    let where = 'opened_at >= ? and opened_at < ?';
    if (filter.channel) {
      where += ' and opened_channel = ?';
      params.push(applyRule('channel', filter.channel, 'channel'));
    }
    const [row] = await this.database.orm.em.getConnection().execute<
      { conversations: unknown; resolved: unknown; frt: unknown; resolution: unknown }[]
    >(
      `select count(*) as conversations,
              sum(case when resolved_at is not null then 1 else 0 end) as resolved,
              avg(case when first_response_at is not null and first_inbound_at is not null then ${ms('first_response_at', 'first_inbound_at')} end) as frt,
              avg(case when resolved_at is not null then ${ms('resolved_at', 'opened_at')} end) as resolution
         from conversations where ${where}`,
      params,
    );
    const conversations = Number(row?.conversations ?? 0);
    const resolved = Number(row?.resolved ?? 0);
    return {
      conversations,
      resolved,
      resolutionRate: conversations ? resolved / conversations : null,
      averageFirstResponseTimeMs: toNumber(row?.frt),
      averageResolutionTimeMs: toNumber(row?.resolution),
    };
  }

  private param(date: Date): Date | number {
    return this.database.dialect === 'postgresql' ? date : date.getTime();
  }
}

function toNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value));
}
