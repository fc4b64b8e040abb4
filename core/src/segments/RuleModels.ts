import { inject, injectable } from 'inversify';
import { EventEmitter, isRuleSegmentationModel, serviceToken, type Event, type RuleSegmentationModel } from '@rapport/sdk';
import { ContributionRegistry, type RegistrationChange } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { Logger } from '../logging/Logger.js';
import { errorMessage } from '../util/errorMessage.js';
import { prepareRuleModel, type PreparedRuleModel } from './ruleModel.js';

/** A rule model coming or going. */
export interface RuleModelChange {
  id: string;
  change: 'registered' | 'disposed';
}

/**
 * The live segmentation models whose segments are rule trees (`RuleSegmentationModel`), as the
 * registry holds them, checked and compiled once. The plugin context checks a model through
 * {@link RuleModels.prepare} before registering it, so a bad one fails the activation; the
 * refresh schedule follows {@link RuleModels.onDidChange}.
 */
export interface RuleModels {
  /**
   * Checks a model a plugin registers; throws a ValidationError naming the plugin, the segment
   * and the JSON path (see prepareRuleModel).
   */
  prepare(plugin: string, id: string, model: RuleSegmentationModel, declaredSegments: readonly string[]): PreparedRuleModel;
  /** A live model, by id. */
  get(id: string): PreparedRuleModel | undefined;
  /** Every live model. */
  live(): PreparedRuleModel[];
  readonly onDidChange: Event<RuleModelChange>;
}

/** The container token of the {@link RuleModels}. */
export const RuleModels = serviceToken<RuleModels>('rapport.core.RuleModels');

@injectable()
export class RegisteredRuleModels implements RuleModels {
  private readonly prepared = new WeakMap<object, PreparedRuleModel>();
  private readonly models = new Map<string, PreparedRuleModel>();
  private readonly changed = new EventEmitter<RuleModelChange>();
  readonly onDidChange: Event<RuleModelChange> = this.changed.event;
  private readonly logger: Logger;

  constructor(
    @inject(ContributionRegistry) private readonly registry: ContributionRegistry,
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'segments' });
    registry.onDidChange((change) => this.follow(change));
  }

  prepare(plugin: string, id: string, model: RuleSegmentationModel, declaredSegments: readonly string[]): PreparedRuleModel {
    const prepared = prepareRuleModel(model, { plugin, id, declaredSegments });
    this.prepared.set(model, prepared);
    return prepared;
  }

  get(id: string): PreparedRuleModel | undefined {
    return this.models.get(id);
  }

  live(): PreparedRuleModel[] {
    return [...this.models.values()];
  }

  private follow(change: RegistrationChange): void {
    if (change.kind !== 'segmentationModels') return;
    if (change.change === 'disposed') {
      if (this.models.delete(change.id)) this.changed.fire({ id: change.id, change: 'disposed' });
      return;
    }
    const model = this.registry.segmentationModels.get(change.id)?.implementation;
    if (!isRuleSegmentationModel(model)) return;
    try {
      // Registered through a plugin context, it was checked there; otherwise it is checked now.
      const prepared = this.prepared.get(model) ?? this.prepare(change.plugin, change.id, model, this.declared.segmentsOf(change.id));
      this.models.set(change.id, { ...prepared, plugin: change.plugin });
      this.changed.fire({ id: change.id, change: 'registered' });
    } catch (error) {
      this.logger.error({ plugin: change.plugin, model: change.id, err: { message: errorMessage(error) } }, 'rule segmentation model refused');
    }
  }
}
