import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError, type PluginContext } from '@rapport/sdk';
import type { PulseSettings } from './settings.js';
import type { MemberRecord, PulseStore, RoundRecord } from './store.js';
import { hashToken, newRef, newToken } from './tokens.js';

/** The id of the workflow that reminds and then closes a round. */
export const ROUND_WORKFLOW = 'pulse-round';
/** The attribute that makes a customer an employee, and its value. */
export const EMPLOYEE = { attribute: 'kind', value: 'employee' } as const;
/** The attribute employees are grouped by. */
export const TEAM_ATTRIBUTE = 'team';
/** The group of employees without a team. */
export const NO_TEAM = '(no team)';
/** The longest question, in characters. */
const MAX_QUESTION = 500;
/** Sends at once: enough to be quick, few enough not to flood a provider. */
const PARALLEL_SENDS = 4;

type RoundsContext = Pick<PluginContext, 'customers' | 'channels' | 'workflows' | 'logger' | 'clock'>;

/** The input of a `pulse-round` run: the round and the timing, fixed at the start. */
export interface RoundRunInput {
  roundId: string;
  reminderAfterMs: number;
  maxReminders: number;
  closeAfterMs: number;
  [key: string]: unknown;
}

/** Starting rounds, reminding those who have not answered, and closing rounds. */
export class PulseRounds {
  constructor(
    private readonly ctx: RoundsContext,
    private readonly store: PulseStore,
    private readonly settings: PulseSettings,
  ) {}

  /**
   * Invites every current employee: a member record and a token per employee, a message with
   * their personal link, and the workflow that reminds and closes. `sentTo` counts the messages
   * delivered; an employee the channel could not reach stays invited, so a reminder tries again.
   */
  async start(question: string): Promise<RoundRecord> {
    const asked = typeof question === 'string' ? question.trim() : '';
    if (!asked) throw new ValidationError('question is required: the statement employees rate from 1 to 5, e.g. "I would recommend working here to a friend."', 'question');
    if ([...asked].length > MAX_QUESTION) throw new ValidationError(`question is ${[...asked].length} characters; keep it to ${MAX_QUESTION}.`, 'question');
    const employees = await this.employees();
    const now = this.ctx.clock.now();
    const round: RoundRecord = {
      id: randomUUID(),
      question: asked,
      startedAt: now.toISOString(),
      closesAt: new Date(now.getTime() + this.settings.closeAfterMs).toISOString(),
      sentTo: 0,
      teams: [...new Set(employees.map((employee) => employee.team))].sort(),
      closed: false,
    };
    await this.store.saveRound(round);
    const members = [];
    for (const employee of employees) {
      const ref = newRef();
      await this.store.saveMember(round.id, ref, employee);
      members.push({ ref, ...employee });
    }
    round.sentTo = await this.sendLinks(round, members, 'invite');
    await this.store.saveRound(round);
    const input: RoundRunInput = { roundId: round.id, reminderAfterMs: this.settings.reminderAfterMs, maxReminders: this.settings.maxReminders, closeAfterMs: this.settings.closeAfterMs };
    await this.ctx.workflows.start(ROUND_WORKFLOW, input);
    this.ctx.logger.info({ round: round.id, employees: employees.length, sentTo: round.sentTo }, 'pulse round started');
    return round;
  }

  /** Reminds, with a fresh link, every member of an open round who has not answered; returns how many. */
  async remind(roundId: string, reminder: number): Promise<{ pending: number; reminded: number }> {
    const round = await this.store.round(roundId);
    if (!round || round.closed) return { pending: 0, reminded: 0 };
    const pending = [];
    for (const { ref } of await this.store.memberRefs(roundId)) {
      if (await this.store.hasAnswered(roundId, ref)) continue;
      const member = await this.store.member(roundId, ref);
      if (member) pending.push({ ref, ...member });
    }
    const reminded = await this.sendLinks(round, pending, `reminder-${reminder}`);
    return { pending: pending.length, reminded };
  }

  /**
   * Closes a round: its links stop working, and every record of who was asked and who answered
   * is deleted. The per-team answers stay, and the round's results with them.
   */
  async close(roundId: string): Promise<{ forgotten: number }> {
    const round = await this.store.round(roundId);
    if (!round) return { forgotten: 0 };
    round.closed = true;
    await this.store.saveRound(round);
    const tokens = await this.store.tokens();
    const refs = await this.store.memberRefs(roundId);
    for (const { ref } of refs) await this.store.forgetMember(roundId, ref, tokens);
    return { forgotten: refs.length };
  }

  /** The round, or NOT_FOUND naming it. */
  async get(roundId: string): Promise<RoundRecord> {
    const round = await this.store.round(roundId);
    if (!round) throw new NotFoundError(`No pulse round with id "${roundId}" (round). pulseRounds lists the rounds; startPulseRound returns the id of a new one.`);
    return round;
  }

  /** Current employees from the index, each checked against their attributes now. */
  private async employees(): Promise<MemberRecord[]> {
    const employees: MemberRecord[] = [];
    for (const id of await this.store.employeeIds()) {
      const customer = await this.ctx.customers.get(id);
      if (!customer || customer.attributes[EMPLOYEE.attribute] !== EMPLOYEE.value) continue;
      employees.push({ customerId: customer.id, team: teamOf(customer.attributes[TEAM_ATTRIBUTE]) });
    }
    return employees;
  }

  /** Sends each member a new personal link; returns how many messages went out. */
  private async sendLinks(round: RoundRecord, members: { ref: string; customerId: string }[], kind: string): Promise<number> {
    let sent = 0;
    const failures: string[] = [];
    const queue = [...members];
    const worker = async () => {
      for (let member = queue.shift(); member; member = queue.shift()) {
        const token = newToken();
        await this.store.saveToken(hashToken(token), { round: round.id, member: member.ref });
        try {
          await this.ctx.channels.send(
            this.settings.channel,
            { customerId: member.customerId, subject: this.settings.subject, text: this.message(round, token, kind !== 'invite'), metadata: { pulse: { round: round.id, kind } } },
            { idempotencyKey: `pulse:${round.id}:${member.ref}:${kind}` },
          );
          sent++;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_SENDS }, worker));
    if (failures.length > 0) {
      this.ctx.logger.warn({ round: round.id, kind, failed: failures.length, channel: this.settings.channel, firstError: failures[0] }, `pulse ${kind}: ${failures.length} of ${members.length} message(s) could not be sent`);
    }
    return sent;
  }

  private message(round: RoundRecord, token: string, reminder: boolean): string {
    const link = `${this.settings.publicUrl}/channels/pulse/inbound?token=${token}`;
    return [
      reminder ? 'A reminder, in case you have not had a moment yet:' : 'We would like your honest view:',
      '',
      round.question,
      '',
      `Answer from 1 (not at all) to 5 (completely), with a comment if you like: ${link}`,
      '',
      'Your answer is anonymous: it is stored without your name or this link, and results are shown only for groups where enough people answered. The link works once, until ' +
        `${round.closesAt.slice(0, 10)}.`,
    ].join('\n');
  }
}

/** The team of an employee as a group key; a team called `all` is renamed, so the total keeps its key. */
export function teamOf(value: unknown): string {
  const team = typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : NO_TEAM;
  return team === 'all' ? 'all (team)' : team;
}
