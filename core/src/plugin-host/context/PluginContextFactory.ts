import { Container, inject, injectable } from 'inversify';
import {
  CORE_EVENT_TYPES,
  Disposable,
  isRuleSegmentationModel,
  PermissionDeniedError,
  PLUGIN_CONTEXT,
  PLUGIN_SERVICES,
  PluginNotActiveError,
  requirementOf,
  type PluginContext,
} from '@rapport/sdk';
import { OutboundMessenger } from '../../channels/OutboundMessenger.js';
import { Clock } from '../../clock/Clock.js';
import { PluginCalls } from '../../contributions/PluginCalls.js';
import { ContributionRegistry } from '../../contributions/ContributionRegistry.js';
import { guardedMembers, permissionCheck, type MemberCheck } from '../../contributions/permissionGuard.js';
import { PluginHostOptions } from '../../contributions/PluginHostOptions.js';
import { ConversationService } from '../../domain/ConversationService.js';
import { CustomerMerger } from '../../domain/CustomerMerger.js';
import { customersApi } from '../../domain/customersApi.js';
import { CustomerService } from '../../domain/CustomerService.js';
import { InteractionService } from '../../domain/InteractionService.js';
import { ScoreStore } from '../../evaluation/ScoreStore.js';
import { SegmentStore } from '../../evaluation/SegmentStore.js';
import { EventBus } from '../../events/EventBus.js';
import { RuleModels } from '../../segments/RuleModels.js';
import { Logger } from '../../logging/Logger.js';
import { KeyValueStoreProvider } from '../../storage/KeyValueStoreProvider.js';
import { errorMessage } from '../../util/errorMessage.js';
import { withTimeout } from '../../util/withTimeout.js';
import { WorkflowStarter } from '../../workflows/WorkflowEngine.js';
import { actingAsPlugin } from './actingAsPlugin.js';
import { pluginClock } from './pluginClock.js';
import type { ContextOwner } from './ContextOwner.js';
import { contributionRegistrar, type ContributionRegistrar } from './contributionRegistrar.js';
import { storedScoreReads } from './storedScoreReads.js';

export type { ContextOwner };

/** A context and the means to take it back. */
export interface PluginContextHandle {
  context: PluginContext;
  /** The contributions registered so far, by manifest field (`graphql` for resolvers). */
  registeredIds(field: string): string[];
  /**
   * Revokes the context: later calls throw, registrations and `subscriptions` are disposed in
   * reverse order, and the child container is unbound. Never throws; returns the errors.
   */
  revoke(): Promise<string[]>;
}

const CORE_EVENTS = new Set<string>(CORE_EVENT_TYPES);

/**
 * Builds the context a plugin receives in `activate()`. What each call needs is read from the
 * SDK's `CONTEXT_PERMISSIONS` table, and checked on every call together with the context still
 * being live, so what a plugin may do is decided by its manifest and nothing else.
 */
@injectable()
export class PluginContextFactory {
  /** The parent of every plugin's child container; deliberately empty of core services. */
  private readonly pluginsContainer = new Container();

  constructor(
    @inject(Logger) private readonly logger: Logger,
    @inject(KeyValueStoreProvider) private readonly storage: KeyValueStoreProvider,
    @inject(CustomerService) private readonly customers: CustomerService,
    @inject(CustomerMerger) private readonly merger: CustomerMerger,
    @inject(InteractionService) private readonly interactions: InteractionService,
    @inject(ConversationService) private readonly conversations: ConversationService,
    @inject(ScoreStore) private readonly scores: ScoreStore,
    @inject(SegmentStore) private readonly segments: SegmentStore,
    @inject(EventBus) private readonly events: EventBus,
    @inject(ContributionRegistry) private readonly registry: ContributionRegistry,
    @inject(WorkflowStarter) private readonly workflows: WorkflowStarter,
    @inject(OutboundMessenger) private readonly messenger: OutboundMessenger,
    @inject(PluginHostOptions) private readonly budgets: PluginHostOptions,
    @inject(RuleModels) private readonly ruleModels: RuleModels,
    @inject(Clock) private readonly clock: Clock,
    @inject(PluginCalls) private readonly calls: PluginCalls,
  ) {}

  create(owner: ContextOwner): PluginContextHandle {
    const { name } = owner;
    const permissions = new Set(owner.manifest.rapport.permissions ?? []);
    const subscriptions: Disposable[] = [];
    let revoked = false;
    const live = (operation: string): void => {
      if (revoked) throw new PluginNotActiveError(name, operation);
    };
    const granted = permissionCheck(name, (permission) => permissions.has(permission));
    const check: MemberCheck = (operation, requirement) => {
      live(operation);
      granted(operation, requirement);
    };
    const registrar = contributionRegistrar(owner, this.registry, check);
    const container = new Container({ parent: this.pluginsContainer });
    const timers = pluginClock(this.clock, { plugin: name, logger: this.logger.child({ plugin: name }), calls: this.calls, live });
    const context = this.context(owner, { subscriptions, live, check, registrar, container, clock: timers.clock });
    container.bind(PLUGIN_CONTEXT).toConstantValue(context);
    // The permission-checked members, for classes built by constructor injection (`@inject(Customers)`).
    for (const { token, member } of PLUGIN_SERVICES) container.bind(token).toConstantValue(context[member]);

    return {
      context,
      registeredIds: registrar.registeredIds,
      revoke: async () => {
        if (revoked) return [];
        revoked = true;
        // A timer must not call into a plugin that is going away.
        timers.dispose();
        // Subscriptions were pushed by the plugin and may depend on its registrations: release
        // them first, then the registrations, each in reverse order of creation.
        const errors = await this.disposeAll(name, [...subscriptions.reverse(), ...registrar.registrations()]);
        subscriptions.length = 0;
        try {
          await container.unbindAll();
        } catch (error) {
          errors.push(errorMessage(error));
        }
        return errors;
      },
    };
  }

  private context(
    owner: ContextOwner,
    parts: { subscriptions: Disposable[]; live(operation: string): void; check: MemberCheck; registrar: ContributionRegistrar; container: Container; clock: Clock },
  ): PluginContext {
    const { name } = owner;
    const { live, check, registrar } = parts;
    const stored = storedScoreReads(this.scores, this.segments);
    return {
      plugin: Object.freeze({ name, version: owner.version }),
      subscriptions: parts.subscriptions,
      logger: this.logger.child({ plugin: name }),
      settings: deepFreeze(structuredClone(owner.settings)),
      settingsFile: owner.settingsFile,
      container: parts.container,
      clock: parts.clock,
      // Writes through these run as the plugin, so their audit events name it.
      storage: actingAsPlugin(name, guardedMembers('storage', this.storage.forNamespace(name), check)),
      customers: actingAsPlugin(name, guardedMembers('customers', customersApi(this.customers, this.merger), check)),
      interactions: actingAsPlugin(name, guardedMembers('interactions', this.interactions, check)),
      conversations: actingAsPlugin(name, guardedMembers('conversations', this.conversations, check)),
      events: {
        on: (type, handler) => {
          live('events.on()');
          return registrar.track('events', type, this.events.subscribe(type, handler, name));
        },
        publish: async (type, payload) => {
          live('events.publish()');
          if (CORE_EVENTS.has(type)) {
            throw new PermissionDeniedError(
              name,
              'events:publish',
              `events.publish("${type}")`,
              `Plugin "${name}" cannot publish "${type}": core events are published by the core only. ` +
                `Publish an event of your own, such as "${name.replace(/^@/, '').replace(/\//g, '.')}.${type.split('.').pop()}".`,
            );
          }
          await this.events.publish(type, payload as object);
        },
      },
      channels: {
        registerChannel: (id, provider) => registrar.register('channels', id, provider),
        ...actingAsPlugin(
          name,
          guardedMembers<Pick<PluginContext['channels'], 'send'>>('channels', { send: async (...args: Parameters<PluginContext['channels']['send']>) => this.send(...args) }, check, ['send']),
        ),
      },
      scoring: {
        registerScoringRule: (id, rule) => registrar.register('scoringRules', id, rule),
        ...guardedMembers<Pick<PluginContext['scoring'], 'get'>>('scoring', stored, check, ['get']),
      },
      segmentation: {
        registerSegmentationModel: (id, model) => {
          // A rule model is checked before it registers, so a bad tree fails the activation, naming plugin, segment and path.
          const declared = owner.manifest.rapport.contributes?.segmentationModels?.find((contribution) => contribution.id === id);
          if (declared && isRuleSegmentationModel(model)) {
            check(`segmentation.registerSegmentationModel("${id}")`, requirementOf('segmentation', 'registerSegmentationModel')!);
            this.ruleModels.prepare(name, id, model, declared.segments);
          }
          return registrar.register('segmentationModels', id, model);
        },
        ...guardedMembers<Pick<PluginContext['segmentation'], 'membershipsOf'>>('segmentation', stored, check, ['membershipsOf']),
      },
      workflows: {
        registerWorkflow: (id, workflow) => registrar.register('workflows', id, workflow),
        ...actingAsPlugin(
          name,
          guardedMembers<Pick<PluginContext['workflows'], 'start'>>('workflows', { start: (id: string, input: Record<string, unknown>) => this.workflows.start(name, id, input) }, check, ['start']),
        ),
      },
      privacy: {
        registerCustomerData: (id, handler) => registrar.register('customerData', id, handler),
      },
      bots: {
        registerBot: (id, bot) => registrar.register('bots', id, bot),
      },
      annotators: {
        registerAnnotator: (id, annotator) => registrar.register('annotators', id, annotator),
      },
      graphql: {
        registerResolvers: (resolvers) => registrar.registerResolvers(resolvers),
      },
      plugins: {
        getExports: <T>(dependency: string): T => {
          live(`plugins.getExports("${dependency}")`);
          if (!owner.manifest.rapport.pluginDependencies?.[dependency]) {
            throw new PermissionDeniedError(
              name,
              `pluginDependencies.${dependency}`,
              `plugins.getExports("${dependency}")`,
              `Plugin "${name}" called plugins.getExports("${dependency}") without depending on it. ` +
                `Add "${dependency}" with a version range to rapport.pluginDependencies in ${owner.manifestFile}.`,
            );
          }
          return owner.exportsOf(dependency) as T;
        },
      },
    };
  }

  /** A plugin's send takes the core's one outbound path (address, thread, recording). */
  private async send(...[channelId, message, options]: Parameters<PluginContext['channels']['send']>) {
    const { customerId, conversationId, subject, text, html, metadata, template } = message;
    return (await this.messenger.send({ customerId, channel: channelId, conversationId, subject, text, html, metadata, template }, options)).result;
  }

  private async disposeAll(plugin: string, disposables: readonly Disposable[]): Promise<string[]> {
    const errors: string[] = [];
    for (const disposable of disposables) {
      try {
        await withTimeout((async () => disposable.dispose())(), this.budgets.deactivationTimeoutMs, () => `dispose() of plugin "${plugin}" timed out`);
      } catch (error) {
        errors.push(errorMessage(error));
      }
    }
    return errors;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
