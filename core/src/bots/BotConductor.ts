import { inject, injectable } from 'inversify';
import { isBotHandOff, serviceToken, type Bot, type BotResponse, type DeliveredEvent, type Interaction } from '@rapport/sdk';
import { OutboundMessenger } from '../channels/OutboundMessenger.js';
import { Clock } from '../clock/Clock.js';
import { ContributionRegistry } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { PluginActivation } from '../contributions/PluginActivation.js';
import { ConversationOwnership } from '../domain/ConversationOwnership.js';
import { ConversationService, type Conversation } from '../domain/ConversationService.js';
import { CustomerService } from '../domain/CustomerService.js';
import { InteractionService } from '../domain/InteractionService.js';
import { PeoplesConversations } from '../domain/PeoplesConversations.js';
import { EventBus } from '../events/EventBus.js';
import { Logger } from '../logging/Logger.js';
import { Database } from '../persistence/openDatabase.js';
import { errorMessage } from '../util/errorMessage.js';
import { BotHandoffOptions } from './BotHandoffOptions.js';
import { conversationHistory } from './conversationHistory.js';
import { askedForPerson, replyRefusal, sentimentOf, unansweredTurnsBefore } from './handoffRules.js';

/** What one turn ended in, for logs and tests. */
export type TurnOutcome = { kind: 'replied'; interactionId: string } | { kind: 'handedOff'; reason: string } | { kind: 'skipped' };

/**
 * Runs bots: for each customer message of a conversation whose handler is `BOT`, asks the
 * conversation's bot for an answer and sends it on the message's channel, or hands the
 * conversation to people. It listens to `interaction.recorded` on the durable outbox, so turns of
 * one customer run in order, and a turn cut short by a crash runs again (the reply is sent with an
 * idempotency key, so the customer gets it once).
 *
 * People are the last resort: the conversation is handed off when the customer asks for a person
 * or sounds angry (before the bot is asked), and when the bot is unavailable, throws, takes longer
 * than `botHandoff.timeout`, hands off itself, is not confident, or leaves the customer unanswered
 * `botHandoff.maxUnansweredTurns` times in a row. A late answer, or one that arrives after an
 * agent took over, is dropped.
 */
export interface BotConductor {
  /** Runs the turn for one recorded interaction; does nothing unless it is a customer message to a bot. */
  runTurn(interactionId: string): Promise<TurnOutcome>;
}

/** The container token of the {@link BotConductor}. */
export const BotConductor = serviceToken<BotConductor>('rapport.core.BotConductor');

@injectable()
export class EventDrivenBotConductor implements BotConductor {
  private readonly logger: Logger;

  constructor(
    @inject(EventBus) events: EventBus,
    @inject(Logger) logger: Logger,
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(BotHandoffOptions) private readonly options: BotHandoffOptions,
    @inject(ContributionRegistry) private readonly registry: ContributionRegistry,
    @inject(PluginActivation) private readonly activation: PluginActivation,
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(ConversationService) private readonly conversations: ConversationService,
    @inject(ConversationOwnership) private readonly ownership: ConversationOwnership,
    @inject(CustomerService) private readonly customers: CustomerService,
    @inject(InteractionService) private readonly interactions: InteractionService,
    @inject(OutboundMessenger) private readonly messenger: OutboundMessenger,
    @inject(PeoplesConversations) private readonly peoples: PeoplesConversations,
  ) {
    this.logger = logger.child({ component: 'bots' });
    events.subscribe('interaction.recorded', (event) => this.onRecorded(event));
  }

  private async onRecorded(event: DeliveredEvent<'interaction.recorded'>): Promise<void> {
    if (event.direction !== 'INBOUND' || event.type !== 'message' || !event.conversationId) return;
    // The event names the conversation: most are people's, and their messages need no other read.
    // (A message only ever moves to a conversation people handle: a merge that joins a people's
    // conversation leaves people in charge.) People never give a conversation back to a bot, so a
    // conversation known to be theirs (opened here, or read once) needs no read at all.
    if (this.peoples.has(event.conversationId)) return;
    const conversation = await this.conversations.get(event.conversationId);
    if (conversation?.handler === 'HUMAN') this.peoples.note(event.conversationId);
    if (!botAnswers(conversation)) return;
    const message = await this.interactions.get(event.interactionId);
    if (!message?.conversationId || message.direction !== 'INBOUND') return;
    await this.turn(message, message.conversationId === conversation.id ? conversation : await this.conversations.get(message.conversationId));
  }

  async runTurn(interactionId: string): Promise<TurnOutcome> {
    const message = await this.interactions.get(interactionId);
    if (!message?.conversationId || message.direction !== 'INBOUND') return { kind: 'skipped' };
    return this.turn(message, await this.conversations.get(message.conversationId));
  }

  private async turn(message: Interaction, conversation: Conversation | undefined): Promise<TurnOutcome> {
    if (!botAnswers(conversation)) return { kind: 'skipped' };

    const word = askedForPerson(message.text, this.options.words);
    if (word) return this.handOff(conversation, message, `the customer asked for a person ("${word}")`);
    const sentiment = sentimentOf(message);
    if (sentiment !== undefined && sentiment < this.options.angerBelow) {
      return this.handOff(conversation, message, `the customer sounds upset (sentiment ${sentiment.toFixed(2)}, below ${this.options.angerBelow})`);
    }
    const bot = await this.botOf(conversation.bot);
    if (typeof bot === 'string') return this.handOff(conversation, message, bot);

    const history = await conversationHistory(this.database, conversation.id);
    if (history.some((earlier) => earlier.direction === 'OUTBOUND' && earlier.metadata?.replyTo === message.id)) return { kind: 'skipped' };
    const customer = await this.customers.get(message.customerId);
    if (!customer) return { kind: 'skipped' };
    const answer = await this.ask(bot, conversation.bot, { message, conversation: toSdkConversation(conversation), customer, history, ...(sentiment !== undefined && { sentiment }) });
    if (typeof answer === 'string') return this.handOff(conversation, message, answer);
    if (isBotHandOff(answer)) return this.handOff(conversation, message, `the bot handed off: ${answer.handOff}`);
    const refusal = replyRefusal(answer, unansweredTurnsBefore(history, conversation.bot), this.options);
    if (refusal) return this.handOff(conversation, message, refusal);

    // An agent may have taken over while the bot was thinking: then the bot stays silent.
    if ((await this.conversations.get(conversation.id))?.handler !== 'BOT') return { kind: 'skipped' };
    try {
      const { interaction } = await this.messenger.send(
        {
          customerId: message.customerId,
          channel: message.channel,
          conversationId: conversation.id,
          text: answer.reply,
          metadata: { ...answer.metadata, ...this.botIdentity(conversation.bot), answered: answer.answered !== false, confidence: answer.confidence ?? 1, replyTo: message.id },
        },
        { idempotencyKey: `bot-reply:${message.id}` },
      );
      return { kind: 'replied', interactionId: interaction.id };
    } catch (error) {
      // A reply the channel cannot deliver leaves the customer unanswered, and retrying the turn
      // would ask the bot again for nothing: people take over, and the reason says why.
      return this.handOff(conversation, message, `the bot's reply could not be sent: ${errorMessage(error)}`);
    }
  }

  /** What a bot's messages carry about it: its id, and the name it declares, for people to read. */
  private botIdentity(botId: string | null): { bot: string | null; botName?: string } {
    const name = botId ? this.declared.displayNameOf('bots', botId) : undefined;
    return { bot: botId, ...(name && { botName: name }) };
  }

  /** The registered bot, its plugin activated first, or why there is none. */
  private async botOf(botId: string): Promise<Bot | string> {
    try {
      await this.activation.activateContribution('bots', botId);
    } catch (error) {
      return `bot "${botId}" is unavailable: ${errorMessage(error)}`;
    }
    return this.registry.bots.get(botId)?.implementation ?? `bot "${botId}" is unavailable: no active plugin registered it`;
  }

  /**
   * The bot's response, or why there is none: it threw, returned something that is not a
   * response, or did not answer within the timeout (measured on the core's clock, so tests can
   * run it on a fake one).
   */
  private async ask(bot: Bot, botId: string, turn: Omit<Parameters<Bot['respond']>[0], 'now' | 'signal'>): Promise<BotResponse | string> {
    const controller = new AbortController();
    let timer: { dispose(): void } | undefined;
    const timedOut = new Promise<string>((resolve) => {
      timer = this.clock.setTimer(this.options.timeoutMs, () => {
        controller.abort();
        resolve(`the bot did not answer within ${this.options.timeoutMs} ms`);
      });
    });
    try {
      const answered = (async () => bot.respond({ ...turn, now: this.clock.now(), signal: controller.signal }))();
      // A bot that fails after its time is up fails no one: its answer is no longer awaited.
      answered.catch(() => undefined);
      const response = await Promise.race([answered, timedOut]);
      if (typeof response === 'string') {
        this.logger.warn({ bot: botId, conversationId: turn.conversation.id }, 'bot timed out');
        return response;
      }
      return checkedResponse(response) ?? `the bot returned neither a reply nor a hand-off`;
    } catch (error) {
      this.logger.warn({ bot: botId, conversationId: turn.conversation.id, err: { message: errorMessage(error) } }, 'bot failed');
      return `the bot failed: ${errorMessage(error)}`;
    } finally {
      timer?.dispose();
    }
  }

  private async handOff(conversation: Conversation, message: Interaction, reason: string): Promise<TurnOutcome> {
    // Tell the customer first, so the note and the hand-off follow the last thing they saw; a
    // channel that cannot deliver it must not keep people from taking over.
    if (this.options.message) {
      try {
        await this.messenger.send(
          { customerId: message.customerId, channel: message.channel, conversationId: conversation.id, text: this.options.message, metadata: { ...this.botIdentity(conversation.bot), handoff: true, answered: true } },
          { idempotencyKey: `bot-handoff:${conversation.id}` },
        );
      } catch (error) {
        this.logger.warn({ conversationId: conversation.id, channel: message.channel, err: { message: errorMessage(error) } }, 'could not tell the customer about the hand-off');
      }
    }
    await this.ownership.handOff(conversation.id, reason);
    return { kind: 'handedOff', reason };
  }
}

/** Whether a bot answers in this conversation: an open one whose handler is a bot. */
function botAnswers(conversation: Conversation | undefined | null): conversation is Conversation & { bot: string } {
  return conversation?.handler === 'BOT' && conversation.status === 'OPEN' && Boolean(conversation.bot);
}

/** A response the core can act on, or undefined. */
function checkedResponse(response: unknown): BotResponse | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  if (isBotHandOff(response as BotResponse)) return response as BotResponse;
  const reply = (response as { reply?: unknown }).reply;
  return typeof reply === 'string' && reply.trim().length > 0 ? (response as BotResponse) : undefined;
}

function toSdkConversation(conversation: Conversation) {
  const { openedChannel: _opened, threadKey: _thread, bot: _bot, waitingSince: _waiting, ...rest } = conversation;
  return rest;
}
