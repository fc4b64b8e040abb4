import { inject, injectable } from 'inversify';
import {
  Disposable,
  isRuleSegmentationModel,
  RapportError,
  serviceToken,
  ValidationError,
  type Customer,
  type CustomerSubject,
  type DeliveredEvent,
  type RuleSegmentationModel,
  type ScoringRule,
  type SegmentationModel,
} from '@rapport/sdk';
import { actAsWithin } from '../actors/acting.js';
import { pluginActor } from '../actors/Actor.js';
import { Clock } from '../clock/Clock.js';
import { ContributionRegistry, type Registration, type RegistrationChange } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { guardedMembers, permissionCheck } from '../contributions/permissionGuard.js';
import { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import { ConversationService } from '../domain/ConversationService.js';
import { CustomerService } from '../domain/CustomerService.js';
import { InteractionService } from '../domain/InteractionService.js';
import { EventBus } from '../events/EventBus.js';
import { withTimeout } from '../util/withTimeout.js';
import { ScoreStore } from './ScoreStore.js';
import { SegmentStore } from './SegmentStore.js';

/** A scoring rule or a segmentation model, as the evaluator handles both. */
export type Evaluation =
  | { kind: 'scoringRules'; registration: Registration<ScoringRule> }
  | { kind: 'segmentationModels'; registration: Registration<SegmentationModel> };

/** The segmentation models that classify in code; rule models are kept current in SQL (segments/). */
function classifyingModels(registrations: Iterable<Registration<SegmentationModel | RuleSegmentationModel>>): Registration<SegmentationModel>[] {
  return [...registrations].filter((registration): registration is Registration<SegmentationModel> => !isRuleSegmentationModel(registration.implementation));
}

/** Evaluates scoring rules and segmentation models for customers and stores the outcomes. */
export interface CustomerEvaluator {
  /** Every live rule and model, e.g. for the periodic sweeps. */
  registered(): Evaluation[];
  /** Evaluates one rule or model for one customer and stores the outcome. */
  evaluate(evaluation: Evaluation, customer: Customer, event?: DeliveredEvent): Promise<void>;
}

/** The container token of the {@link CustomerEvaluator}. */
export const CustomerEvaluator = serviceToken<CustomerEvaluator>('rapport.core.CustomerEvaluator');

/**
 * Keeps scores and segment memberships current. For every registered scoring rule and
 * segmentation model it subscribes to the trigger events on behalf of the plugin, so the event
 * bus gives those calls what it gives any plugin handler: durable delivery from the outbox, a
 * timeout, retries of failed deliveries, and the plugin's circuit breaker. Each call evaluates
 * the customer named in the event and stores the result (ScoreStore, SegmentStore), which
 * publishes `score.changed`, `segment.entered` and `segment.left`.
 */
@injectable()
export class TriggeredEvaluator implements CustomerEvaluator {
  private readonly triggers = new Map<string, Disposable>();

  constructor(
    @inject(ContributionRegistry) private readonly registry: ContributionRegistry,
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(EventBus) private readonly events: EventBus,
    @inject(CustomerService) private readonly customers: CustomerService,
    @inject(InteractionService) private readonly interactions: InteractionService,
    @inject(ConversationService) private readonly conversations: ConversationService,
    @inject(ScoreStore) private readonly scores: ScoreStore,
    @inject(SegmentStore) private readonly segments: SegmentStore,
    @inject(Clock) private readonly clock: Clock,
    @inject(PluginHostOptions) private readonly budgets: PluginHostOptions,
  ) {
    registry.onDidChange((change) => this.onRegistrationChange(change));
  }

  registered(): Evaluation[] {
    const { registry } = this;
    return [
      ...[...registry.scoringRules.values()].map((registration) => ({ kind: 'scoringRules' as const, registration })),
      ...classifyingModels(registry.segmentationModels.values()).map((registration) => ({ kind: 'segmentationModels' as const, registration })),
    ];
  }

  async evaluate(evaluation: Evaluation, customer: Customer, event?: DeliveredEvent): Promise<void> {
    const now = this.clock.now();
    const timeoutMs = this.budgets.handlerTimeoutMs;
    const { id, plugin } = evaluation.registration;
    const subject = this.subject(customer, now, event, plugin);
    const what = evaluation.kind === 'scoringRules' ? `Scoring rule "${id}"` : `Segmentation model "${id}"`;
    const timedOut = () => `${what} of plugin "${plugin}" did not finish within ${timeoutMs} ms.`;
    if (evaluation.kind === 'scoringRules') {
      const rule = evaluation.registration.implementation;
      const result = await withTimeout((async () => rule.evaluate(subject))(), timeoutMs, timedOut);
      if (result !== undefined && (typeof result !== 'object' || result === null || !Number.isFinite(result.value))) {
        throw new RapportError('NOT_AVAILABLE', `${what} of plugin "${plugin}" returned ${JSON.stringify(result)}; a score needs a finite number as value.`);
      }
      // The stored result is the plugin's doing: its audit event names the plugin.
      await actAsWithin(pluginActor(plugin), () => this.scores.apply(customer.id, id, result, now));
      return;
    }
    const model = evaluation.registration.implementation;
    const segments = await withTimeout((async () => model.classify(subject))(), timeoutMs, timedOut);
    const checked = this.checkSegments(id, plugin, segments);
    await actAsWithin(pluginActor(plugin), () => this.segments.apply(customer.id, id, checked, now));
  }

  private checkSegments(model: string, plugin: string, segments: unknown): string[] {
    if (!Array.isArray(segments) || segments.some((segment) => typeof segment !== 'string')) {
      throw new RapportError('NOT_AVAILABLE', `Segmentation model "${model}" of plugin "${plugin}" must return a list of segment ids, got ${JSON.stringify(segments)}.`);
    }
    const declared = this.declared.segmentsOf(model);
    const undeclared = (segments as string[]).filter((segment) => !declared.includes(segment));
    if (undeclared.length > 0) {
      throw new ValidationError(
        `Segmentation model "${model}" of plugin "${plugin}" returned ${undeclared.map((s) => `"${s}"`).join(', ')}, which its manifest does not declare ` +
          `(rapport.contributes.segmentationModels[].segments lists ${declared.map((s) => `"${s}"`).join(', ')}).`,
        'segments',
      );
    }
    return [...new Set(segments as string[])];
  }

  /**
   * What a rule or model sees of a customer. Each read needs what the SDK's permission table says
   * (`subject.*`), checked against the plugin's manifest as its context's calls are.
   */
  private subject(customer: Customer, now: Date, event: DeliveredEvent | undefined, plugin: string): CustomerSubject {
    const { interactions, conversations, scores, segments } = this;
    const reads = {
      interactions: (options?: Parameters<CustomerSubject['interactions']>[0]) => interactions.list(customer.id, options),
      conversations: (options?: Parameters<CustomerSubject['conversations']>[0]) => conversations.list(customer.id, options),
      score: async (rule: string) => {
        const row = await scores.get(customer.id, rule);
        return row ? { value: row.value, ...(row.label !== null && { label: row.label }), explanation: row.explanation ?? '' } : undefined;
      },
      segments: async (model: string) => (await segments.listFor(customer.id, model)).map((row) => row.segment),
    };
    const check = permissionCheck(plugin, (permission) => this.declared.hasPermission(plugin, permission));
    return { customer, ...(event && { event }), now, ...guardedMembers<Pick<CustomerSubject, keyof typeof reads>>('subject', reads, check) };
  }

  private onRegistrationChange(change: RegistrationChange): void {
    if (change.kind !== 'scoringRules' && change.kind !== 'segmentationModels') return;
    const key = `${change.kind}:${change.id}`;
    this.triggers.get(key)?.dispose();
    this.triggers.delete(key);
    if (change.change === 'disposed') return;
    const registration = this.registry[change.kind].get(change.id);
    // A rule model has no code to call: the database keeps it current (segments/RuleModelRefresh).
    if (!registration || isRuleSegmentationModel(registration.implementation)) return;
    const evaluation = { kind: change.kind, registration } as Evaluation;
    const implementation = registration.implementation as ScoringRule | SegmentationModel;
    const subscriptions = [...new Set(implementation.triggers ?? [])].map((type) =>
      this.events.subscribe(type, (event) => this.onTrigger(evaluation, event as DeliveredEvent), registration.plugin),
    );
    this.triggers.set(key, Disposable.from(...subscriptions));
  }

  private async onTrigger(evaluation: Evaluation, event: DeliveredEvent): Promise<void> {
    const implementation = evaluation.registration.implementation as ScoringRule | SegmentationModel;
    const customerId = (event as { customerId?: unknown }).customerId;
    if (typeof customerId !== 'string') return;
    if (implementation.filter && !implementation.filter(event)) return;
    // A customer merged away since the event was written is gone; the merge's own event
    // (customer.merged, about the survivor) is the one to evaluate.
    const customer = await this.customers.get(customerId);
    if (!customer) return;
    await this.evaluate(evaluation, customer, event);
  }
}
