import { createHash } from 'node:crypto';
import type { JsonValue, KeyValueStorage } from '@rapport/sdk';
import { noAnswers, type TeamAnswers } from './answers.js';

/** A round as stored under `round:<id>`: nothing about who was asked or who answered. */
export interface RoundRecord {
  id: string;
  question: string;
  startedAt: string;
  closesAt: string;
  sentTo: number;
  /** Every team invited, so a team nobody of which answered still shows (suppressed). */
  teams: string[];
  closed: boolean;
}

/** An employee invited to a round, under `member:<round>:<ref>`; deleted when the round closes. */
export interface MemberRecord {
  customerId: string;
  team: string;
}

/** A link's token, stored only as its SHA-256 under `token:<hash>`. */
export interface TokenRecord {
  round: string;
  member: string;
}

/**
 * The plugin's storage layout, in one place. Answers live only in the per-team records
 * (`answers:<round>:<team hash>`), which hold no customer id, token, member reference or time.
 * The link between a person and a round (`member:`, `token:`, `answered:`) exists only while the
 * round is open, to send reminders and refuse a second answer, and says whether, never what.
 */
export class PulseStore {
  constructor(private readonly storage: KeyValueStorage) {}

  round(id: string): Promise<RoundRecord | undefined> {
    return this.read(`round:${id}`);
  }

  saveRound(round: RoundRecord): Promise<void> {
    return this.write(`round:${round.id}`, round);
  }

  async rounds(): Promise<RoundRecord[]> {
    const rounds: RoundRecord[] = [];
    for (const key of await this.storage.keys('round:')) {
      const round = await this.round(key.slice('round:'.length));
      if (round) rounds.push(round);
    }
    return rounds.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  member(round: string, ref: string): Promise<MemberRecord | undefined> {
    return this.read<MemberRecord>(`member:${round}:${ref}`);
  }

  saveMember(round: string, ref: string, member: MemberRecord): Promise<void> {
    return this.write(`member:${round}:${ref}`, member);
  }

  /** Member references of a round, or of every round. */
  async memberRefs(round?: string): Promise<{ round: string; ref: string }[]> {
    const keys = await this.storage.keys(round ? `member:${round}:` : 'member:');
    return keys.map((key) => {
      const [, roundId, ref] = key.split(':');
      return { round: roundId!, ref: ref! };
    });
  }

  token(hash: string): Promise<TokenRecord | undefined> {
    return this.read<TokenRecord>(`token:${hash}`);
  }

  saveToken(hash: string, token: TokenRecord): Promise<void> {
    return this.write(`token:${hash}`, token);
  }

  /** Every stored token hash with its record. */
  async tokens(): Promise<{ hash: string; token: TokenRecord }[]> {
    const found: { hash: string; token: TokenRecord }[] = [];
    for (const key of await this.storage.keys('token:')) {
      const token = await this.read<TokenRecord>(key);
      if (token) found.push({ hash: key.slice('token:'.length), token });
    }
    return found;
  }

  async hasAnswered(round: string, ref: string): Promise<boolean> {
    return (await this.storage.get(`answered:${round}:${ref}`)) !== undefined;
  }

  markAnswered(round: string, ref: string): Promise<void> {
    return this.storage.set(`answered:${round}:${ref}`, true);
  }

  /** Forgets a member: their record, their tokens and whether they answered. */
  async forgetMember(round: string, ref: string, tokens?: { hash: string; token: TokenRecord }[]): Promise<void> {
    for (const { hash, token } of tokens ?? (await this.tokens())) {
      if (token.round === round && token.member === ref) await this.storage.delete(`token:${hash}`);
    }
    await this.storage.delete(`answered:${round}:${ref}`);
    await this.storage.delete(`member:${round}:${ref}`);
  }

  async teamAnswers(round: string, team: string): Promise<TeamAnswers> {
    return (await this.read<TeamAnswers>(answersKey(round, team))) ?? noAnswers(team);
  }

  saveTeamAnswers(round: string, record: TeamAnswers): Promise<void> {
    return this.storage.set(answersKey(round, record.team), { ...record });
  }

  /** The keys of the employee index, kept from the `pulse` segmentation model's events. */
  async employeeIds(): Promise<string[]> {
    return (await this.storage.keys('employee:')).map((key) => key.slice('employee:'.length));
  }

  addEmployee(customerId: string): Promise<void> {
    return this.storage.set(`employee:${customerId}`, true);
  }

  async removeEmployee(customerId: string): Promise<void> {
    await this.storage.delete(`employee:${customerId}`);
  }

  private async read<T extends object>(key: string): Promise<T | undefined> {
    return (await this.storage.get(key)) as T | undefined;
  }

  private write(key: string, value: object): Promise<void> {
    return this.storage.set(key, value as JsonValue);
  }
}

/** Teams are free text; the key holds a hash of the name, the record the name itself. */
function answersKey(round: string, team: string): string {
  return `answers:${round}:${createHash('sha256').update(team).digest('hex').slice(0, 32)}`;
}
