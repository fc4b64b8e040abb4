import { randomUUID } from 'node:crypto';
import {
  NotFoundError,
  ValidationError,
  type Clock,
  type Interaction,
  type ListInteractionsOptions,
  type RecordInteractionInput,
} from '@rapport/sdk';
import type { EventBus } from '../events/EventBus.js';
import type { CustomerService } from './CustomerService.js';
import { normalizeEmail, normalizePhone } from './InMemoryCustomerService.js';

/**
 * Interactions held in process memory: the kernel's interim domain until the persistence layer
 * replaces it. It keeps the observable rules: identity resolution, idempotency on
 * `(channel, externalId)`, ordering by `occurredAt`, and `interaction.recorded`.
 */
export class InMemoryInteractionService {
  private readonly interactions: Interaction[] = [];
  private readonly byExternalId = new Map<string, Interaction>();

  constructor(
    private readonly customers: CustomerService,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async record(input: RecordInteractionInput): Promise<Interaction> {
    if (!input.channel) throw new ValidationError('channel is required, e.g. "email".', 'channel');
    const dedupeKey = input.externalId ? `${input.channel}\u0000${input.externalId}` : undefined;
    const existing = dedupeKey && this.byExternalId.get(dedupeKey);
    if (existing) return structuredClone(existing);

    const customerId = await this.resolveCustomerId(input);
    const interaction: Interaction = {
      id: randomUUID(),
      customerId,
      conversationId: null,
      channel: input.channel,
      direction: input.direction,
      type: input.type,
      subject: input.subject ?? null,
      text: input.text ?? null,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : this.clock.now(),
      externalId: input.externalId ?? null,
      metadata: input.metadata ?? {},
    };
    this.interactions.push(interaction);
    if (dedupeKey) this.byExternalId.set(dedupeKey, interaction);
    await this.events.publish('interaction.recorded', {
      interactionId: interaction.id,
      customerId,
      conversationId: null,
      channel: interaction.channel,
      type: interaction.type,
      direction: interaction.direction,
    });
    return structuredClone(interaction);
  }

  async list(customerId: string, options: ListInteractionsOptions = {}): Promise<Interaction[]> {
    const selected = this.interactions
      .filter(
        (i) =>
          i.customerId === customerId &&
          (!options.channel || i.channel === options.channel) &&
          (!options.type || i.type === options.type),
      )
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    if (options.newestFirst) selected.reverse();
    return selected.slice(0, options.limit ?? selected.length).map((i) => structuredClone(i));
  }

  private async resolveCustomerId(input: RecordInteractionInput): Promise<string> {
    if (input.customerId) {
      if (!(await this.customers.get(input.customerId))) throw new NotFoundError(`No customer with id "${input.customerId}".`);
      return input.customerId;
    }
    const query = input.email
      ? { email: input.email }
      : input.phone
        ? { phone: input.phone }
        : input.handle
          ? { handle: { channel: input.channel, handle: input.handle } }
          : undefined;
    if (!query) throw new ValidationError('Give customerId, or an identity: email, phone or handle.', 'customerId');
    const [found] = await this.customers.find({ ...query, limit: 1 });
    if (found) return found.id;
    const created = await this.customers.create({
      emails: input.email ? [normalizeEmail(input.email)] : [],
      phones: input.phone ? [normalizePhone(input.phone)] : [],
      handles: input.handle ? [{ channel: input.channel, handle: input.handle }] : [],
    });
    return created.id;
  }
}
