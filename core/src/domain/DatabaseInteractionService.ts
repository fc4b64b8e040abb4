import { inject, injectable } from 'inversify';
import {
  ConflictError,
  type Delivery,
  type DeliveryReceipt,
  type DeliveryStatus,
  type DeliveryUpdate,
  type Interaction,
  type InteractionSearch,
  type ListInteractionsOptions,
} from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import type { StagedEvent } from '../events/EventOutbox.js';
import { Database } from '../persistence/openDatabase.js';
import { isRetryable, SqlSession } from '../persistence/SqlSession.js';
import { ConversationRouter } from './ConversationRouter.js';
import { CustomerService } from './CustomerService.js';
import { DeliveryTracker } from './delivery/DeliveryTracker.js';
import type { CoreRecordInput, InteractionService } from './InteractionService.js';
import { checkInput, type CheckedInput } from './interactions/checkInput.js';
import { InboundAnnotations } from './interactions/InboundAnnotations.js';
import type { InteractionAction } from './interactions/interactionAudit.js';
import { InteractionIngest, NeedsTransaction } from './interactions/InteractionIngest.js';
import { InteractionReads } from './interactions/InteractionReads.js';
import { OpenConversationFastPath } from './interactions/OpenConversationFastPath.js';
import type { Recorded } from './interactions/recorded.js';

/**
 * Records interactions: resolves the customer from an id or an identity (creating the customer
 * for an unknown identity), routes the interaction into a conversation, and stores it, all in one
 * transaction. Recording is idempotent on `(channel, externalId)`: a repeat returns the first
 * interaction and changes nothing, even when two requests race.
 */
@injectable()
export class DatabaseInteractionService implements InteractionService {
  private readonly reads: InteractionReads;
  private readonly ingest: InteractionIngest;
  private readonly fastPath: OpenConversationFastPath;

  constructor(
    @inject(Database) private readonly database: Database,
    @inject(CustomerService) customers: CustomerService,
    @inject(ConversationRouter) router: ConversationRouter,
    @inject(EventBus) private readonly events: EventBus,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) audit: AuditLog,
    @inject(DeliveryTracker) private readonly deliveries: DeliveryTracker,
    @inject(InboundAnnotations) private readonly annotations: InboundAnnotations,
  ) {
    // The four parts of recording are this service's own, not shared: made here, not bound.
    this.reads = new InteractionReads(database);
    this.ingest = new InteractionIngest(customers, router, events, clock, audit);
    this.fastPath = new OpenConversationFastPath(database, router, clock, audit);
  }

  async record(input: CoreRecordInput): Promise<Interaction> {
    const [recorded] = await this.recordMany([input]);
    return recorded!;
  }

  /**
   * Records several interactions in one transaction: all are stored, or none is (an inbound
   * webhook that carries three messages never leaves one behind).
   */
  recordMany(inputs: readonly CoreRecordInput[]): Promise<Interaction[]> {
    return this.recordAs('interaction.record', inputs);
  }

  /**
   * Records an OUTBOUND message the channel delivered, audited as `message.send`, with the
   * delivery status it starts in, in one transaction.
   */
  async recordSent(input: CoreRecordInput, status: DeliveryStatus = 'QUEUED'): Promise<Interaction> {
    const [recorded] = await this.recordAs('message.send', [input], (sql, results) =>
      // A repeat of a send already recorded (the same external id) has its status already.
      results[0]!.staged.length > 0 && results[0]!.interaction.externalId ? this.deliveries.startIn(sql, results[0]!.interaction, status) : Promise.resolve([]),
    );
    return recorded!;
  }

  /** Records a webhook's messages and applies its delivery receipts, in one transaction. */
  recordInbound(channel: string, inputs: readonly CoreRecordInput[], receipts: readonly DeliveryReceipt[]): Promise<Interaction[]> {
    return this.recordAs('interaction.record', inputs, receipts.length > 0 ? (sql) => this.deliveries.applyIn(sql, channel, receipts) : undefined);
  }

  updateDelivery(update: DeliveryUpdate): Promise<Delivery> {
    return this.deliveries.update(update);
  }

  private async recordAs(action: InteractionAction, inputs: readonly CoreRecordInput[], alongside?: Alongside): Promise<Interaction[]> {
    // Annotated before the transaction, never inside it: plugin code must not hold locks.
    const checked = await Promise.all(inputs.map((input) => this.annotated(checkInput(input, this.clock.now()))));
    const { results, staged } = await this.inTransaction(checked, action, alongside);
    // Committed: the fast path may try these senders' next interactions.
    if (this.database.dialect === 'postgresql') results.forEach((result, index) => this.fastPath.noteRecorded(checked[index]!, result));
    await this.events.afterCommit([...results.flatMap((result) => result.staged), ...staged]);
    return results.map((result) => result.interaction);
  }

  /**
   * An inbound customer message with text, with what the plugins' annotators add to its metadata
   * (contributes.annotators); anything else as it is. The channel's own keys win.
   */
  private async annotated(input: CheckedInput): Promise<CheckedInput> {
    if (input.direction !== 'INBOUND' || input.type !== 'message' || !input.text?.trim()) return input;
    const added = await this.annotations.annotate({
      channel: input.channel,
      type: input.type,
      text: input.text,
      ...(input.subject !== undefined && { subject: input.subject }),
      occurredAt: input.occurredAt,
      metadata: input.metadata,
    });
    return Object.keys(added).length === 0 ? input : { ...input, metadata: { ...added, ...input.metadata } };
  }

  list(customerId: string, options: ListInteractionsOptions = {}): Promise<Interaction[]> {
    return this.reads.list(customerId, options);
  }

  get(id: string): Promise<Interaction | undefined> {
    return this.reads.get(id);
  }

  find(search: InteractionSearch): Promise<Interaction[]> {
    return this.reads.find(search);
  }

  /**
   * Runs the batch in one transaction. A unique key that fails means a concurrent request wrote
   * the same (channel, externalId) or created the same new customer first; the whole batch then
   * runs once more, and finds what the other request wrote. A deadlock the database broke is
   * retried the same way.
   */
  private async inTransaction(checked: CheckedInput[], action: InteractionAction, alongside?: Alongside, attempt = 1): Promise<{ results: Recorded[]; staged: StagedEvent[] }> {
    try {
      // One interaction's writes are a single statement on PostgreSQL, atomic by itself: BEGIN
      // and COMMIT would only add two round trips. Not when more is written with it. Identities
      // linked from the message (a signature's phone number) are written in that statement too;
      // a concurrent link of the same identity fails it on the unique key, and it runs again.
      if (checked.length === 1 && this.database.dialect === 'postgresql' && !alongside && !checked[0]!.events && !checked[0]!.merge) {
        // The one-statement join of an open conversation does not link identities.
        const joined = checked[0]!.otherIdentities ? undefined : await this.fastPath.recordIntoOpenConversation(checked[0]!, action);
        if (joined) return { results: [joined], staged: [] };
        try {
          return { results: [await this.ingest.recordIn(SqlSession.autocommit(this.database), checked[0]!, action)], staged: [] };
        } catch (error) {
          if (!(error instanceof NeedsTransaction)) throw error;
          // Opening a conversation: the rare case that needs a lock, hence a transaction.
        }
      }
      return await SqlSession.transaction(this.database, async (sql) => {
        const out: Recorded[] = new Array<Recorded>(checked.length);
        for (const index of inLockOrder(checked)) out[index] = await this.ingest.recordIn(sql, checked[index]!, action);
        return { results: out, staged: alongside ? await alongside(sql, out) : [] };
      });
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) {
        throw new ConflictError(
          `Concurrent writes kept colliding with this one (the same new customers or external ids, ${MAX_ATTEMPTS} attempts). ` +
            'Nothing of it was stored: send it again, or send fewer overlapping batches at once.',
        );
      }
      // Batches that name the same new customers in other orders deadlock, or meet on a unique
      // key, again and again if they retry in step: a random pause that grows breaks the step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(RETRY_PAUSE_CAP_MS, RETRY_PAUSE_MS * 2 ** attempt)));
      return this.inTransaction(checked, action, alongside, attempt + 1);
    }
  }
}

/** Further writes in a recording's transaction (delivery status), returning their events. */
type Alongside = (sql: SqlSession, recorded: readonly Recorded[]) => Promise<StagedEvent[]>;

/**
 * The order a batch is written in: by customer (its id, or the identity that names it), each
 * customer's interactions in the order given. Two batches that name the same customers then take
 * their locks (a new identity's unique key, a customer's conversation) in the same order, so they
 * wait for each other instead of deadlocking; what one customer's interactions route to is
 * unchanged, since their own order is kept.
 */
function inLockOrder(checked: readonly CheckedInput[]): number[] {
  const keys = checked.map((input) =>
    input.customerId ? `c\0${input.customerId}` : `i\0${input.identity!.kind}\0${input.identity!.channel}\0${input.identity!.value}`,
  );
  return keys.map((_, index) => index).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
}

/**
 * Attempts of one call before it is refused with CONFLICT. Each failed attempt means another
 * transaction committed (or the database broke a deadlock), so the next finds more of what it
 * collided with: parallel importers of overlapping batches need a few rounds, not unbounded ones.
 */
const MAX_ATTEMPTS = 10;
const RETRY_PAUSE_MS = 5;
const RETRY_PAUSE_CAP_MS = 500;
