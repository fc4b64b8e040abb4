import { inject, injectable } from 'inversify';
import { ChannelWindowClosedError, serviceToken } from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';

/** When a channel's reply window closes for a customer (GraphQL `ReplyWindow`). */
export interface ReplyWindow {
  channel: string;
  /** The customer's last message on the channel plus the window; null if they never wrote on it. */
  closesAt: Date | null;
  open: boolean;
}

/**
 * Reply windows (`contributes.channels[].replyWindow`, e.g. WhatsApp's 24 hours): a channel that
 * declares one takes free-form messages only while the customer's last message on it is recent.
 * The window is the customer's, not a conversation's: it runs from their last INBOUND message on
 * the channel, whichever conversation it is in, as the providers count it.
 */
export interface ReplyWindows {
  /** For a channel with a window: when the customer last wrote on it (`undefined`: never, or no window). */
  lastInboundAt(customerId: string, channel: string): Promise<Date | undefined>;
  /** Throws `CHANNEL_WINDOW_CLOSED` for a free-form message on a channel whose window is closed. */
  checkOpen(channel: string, lastInboundAt: Date | undefined): void;
  /** The windows of the channels that have one among `channels` and those the customer wrote on. */
  windowsOf(customerId: string, channels: readonly string[]): Promise<ReplyWindow[]>;
}

/** The container token of {@link ReplyWindows}. */
export const ReplyWindows = serviceToken<ReplyWindows>('rapport.core.ReplyWindows');

@injectable()
export class DeclaredReplyWindows implements ReplyWindows {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async lastInboundAt(customerId: string, channel: string): Promise<Date | undefined> {
    if (this.declared.channelReplyWindowMs(channel) === undefined) return undefined;
    const row = await SqlSession.reads(this.database).one<{ last: unknown }>(
      "select max(occurred_at) as last from interactions where customer_id = ? and channel = ? and direction = 'INBOUND'",
      [customerId, channel],
    );
    return SqlSession.readDate(row?.last) ?? undefined;
  }

  checkOpen(channel: string, lastInboundAt: Date | undefined): void {
    const window = this.windowOf(channel, lastInboundAt);
    if (window && !window.open) throw new ChannelWindowClosedError(channel, window.closesAt ?? undefined);
  }

  async windowsOf(customerId: string, channels: readonly string[]): Promise<ReplyWindow[]> {
    const rows = await SqlSession.reads(this.database).all<{ channel: string; last: unknown }>(
      "select channel, max(occurred_at) as last from interactions where customer_id = ? and direction = 'INBOUND' group by channel",
      [customerId],
    );
    const lastByChannel = new Map(rows.map((row) => [row.channel, SqlSession.readDate(row.last)]));
    return [...new Set([...channels, ...lastByChannel.keys()])].flatMap((channel) => this.windowOf(channel, lastByChannel.get(channel) ?? undefined) ?? []);
  }

  /** The window of a channel that declares one, from the customer's last message on it; `undefined` for a channel without. */
  private windowOf(channel: string, lastInboundAt: Date | undefined): ReplyWindow | undefined {
    const windowMs = this.declared.channelReplyWindowMs(channel);
    if (windowMs === undefined) return undefined;
    const closesAt = lastInboundAt ? new Date(lastInboundAt.getTime() + windowMs) : null;
    return { channel, closesAt, open: closesAt !== null && closesAt.getTime() > this.clock.now().getTime() };
  }
}
