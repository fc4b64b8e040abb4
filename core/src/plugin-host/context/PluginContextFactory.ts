import { Container } from 'inversify';
import type { Logger } from 'pino';
import {
  CORE_EVENT_TYPES,
  ContributionMismatchError,
  Disposable,
  PLUGIN_CONTEXT,
  PermissionDeniedError,
  PluginNotActiveError,
  parseDuration,
  type Duration,
  type ChannelProvider,
  type ConversationsApi,
  type OutboundMessage,
  type Permission,
  type PluginContext,
  type PluginManifest,
  type SendOptions,
  type SendResult,
} from '@rapport/sdk';
import type { CustomerService } from '../domain/CustomerService.js';
import type { InteractionService } from '../domain/InteractionService.js';
import type { EventBus } from '../events/EventBus.js';
import type { ScoreStore } from '../evaluation/ScoreStore.js';
import type { SegmentStore } from '../evaluation/SegmentStore.js';
import type { KeyValueStoreProvider } from '../storage/KeyValueStoreProvider.js';
import { errorMessage } from '../util/errorMessage.js';
import { withTimeout } from '../util/withTimeout.js';
import { CONTRIBUTION_KINDS, type ContributionField } from './ContributionIndex.js';
import type { ContributionRegistry } from './ContributionRegistry.js';
import type { WorkflowStarter } from './WorkflowStarter.js';

/** The core services a plugin context delegates to, after its checks. */
export interface ContextServices {
  logger: Logger;
  storage: KeyValueStoreProvider;
  customers: CustomerService;
  interactions: InteractionService;
  conversations: ConversationsApi;
  /** Stored scores and memberships, for plugins that read them. */
  scores: Pick<ScoreStore, 'get'>;
  segments: Pick<SegmentStore, 'listFor'>;
  events: EventBus;
  registry: ContributionRegistry;
  workflows: WorkflowStarter;
  /** The parent of every plugin's child container; it holds nothing of the core's. */
  pluginsContainer: Container;
  sendThroughChannel(channelId: string, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
  exportsOf(name: string): unknown;
  disposeTimeoutMs: number;
}

/** The plugin facts a context needs. */
export interface ContextOwner {
  name: string;
  version: string;
  manifest: PluginManifest;
  manifestFile: string;
  settings: Record<string, unknown>;
  /** The file the settings came from, for errors. */
  settingsFile: string;
}

/** A context and the means to take it back. */
export interface PluginContextHandle {
  context: PluginContext;
  /** The contributions registered so far, by manifest field. */
  registeredIds(field: ContributionField | 'graphql'): string[];
  /**
   * Revokes the context: later calls throw, registrations and `subscriptions` are disposed in
   * reverse order, and the child container is unbound. Never throws; returns the errors.
   */
  revoke(): Promise<string[]>;
}

const CORE_EVENTS = new Set<string>(CORE_EVENT_TYPES);

/**
 * Builds the context a plugin receives in `activate()`. Every member checks, on every call, that
 * the context is still live and that the manifest grants the permission the call needs, so what
 * a plugin may do is decided by its manifest and nothing else.
 */
export function createPluginContext(owner: ContextOwner, services: ContextServices): PluginContextHandle {
  const { name } = owner;
  const permissions = new Set<Permission>(owner.manifest.rapport.permissions ?? []);
  const contributes = owner.manifest.rapport.contributes ?? {};
  const registrations: Disposable[] = [];
  const subscriptions: Disposable[] = [];
  const registered = new Map<string, Set<string>>();
  let revoked = false;

  const live = (operation: string): void => {
    if (revoked) throw new PluginNotActiveError(name, operation);
  };
  const allow = (permission: Permission, operation: string): void => {
    live(operation);
    if (!permissions.has(permission)) throw new PermissionDeniedError(name, permission, operation);
  };
  const track = (field: string, id: string, disposable: Disposable): Disposable => {
    const ids = registered.get(field) ?? new Set<string>();
    ids.add(id);
    registered.set(field, ids);
    const tracked = Disposable.create(async () => {
      ids.delete(id);
      await disposable.dispose();
    });
    registrations.push(tracked);
    return tracked;
  };
  const registerContribution = (field: ContributionField, id: string, implementation: unknown, operation: string): Disposable => {
    live(operation);
    const declared = (contributes[field] ?? []).some((c) => c.id === id);
    if (!declared) {
      const noun = CONTRIBUTION_KINDS.find((kind) => kind.field === field)!.noun;
      throw new ContributionMismatchError(
        name,
        `rapport.contributes.${field}`,
        id,
        `Plugin "${name}" registered ${noun} "${id}" in code, but rapport.contributes.${field} in ${owner.manifestFile} ` +
          `does not declare it. Add { "id": "${id}" } to rapport.contributes.${field}, or stop registering it.`,
      );
    }
    return track(field, id, services.registry.register(field, name, id, implementation));
  };

  const container = new Container({ parent: services.pluginsContainer });
  const logger = services.logger.child({ plugin: name });
  const storage = services.storage.forNamespace(name);

  const context: PluginContext = {
    plugin: Object.freeze({ name, version: owner.version }),
    subscriptions,
    logger,
    settings: deepFreeze(structuredClone(owner.settings)),
    settingsFile: owner.settingsFile,
    container,
    storage: {
      get: async (key) => {
        allow('storage', 'storage.get()');
        return storage.get(key);
      },
      set: async (key, value) => {
        allow('storage', 'storage.set()');
        return storage.set(key, value);
      },
      delete: async (key) => {
        allow('storage', 'storage.delete()');
        return storage.delete(key);
      },
      keys: async (prefix) => {
        allow('storage', 'storage.keys()');
        return storage.keys(prefix);
      },
    },
    customers: {
      get: async (id) => {
        allow('customers:read', 'customers.get()');
        return services.customers.get(id);
      },
      find: async (query) => {
        allow('customers:read', 'customers.find()');
        return services.customers.find(query);
      },
      create: async (input) => {
        allow('customers:write', 'customers.create()');
        return services.customers.create(input);
      },
      update: async (id, input) => {
        allow('customers:write', 'customers.update()');
        return services.customers.update(id, input);
      },
      setAttributes: async (id, attributes) => {
        allow('customers:write', 'customers.setAttributes()');
        return services.customers.setAttributes(id, attributes);
      },
    },
    interactions: {
      record: async (input) => {
        allow('interactions:write', 'interactions.record()');
        return services.interactions.record(input);
      },
      get: async (id) => {
        allow('interactions:read', 'interactions.get()');
        return services.interactions.get(id);
      },
      list: async (customerId, options) => {
        allow('interactions:read', 'interactions.list()');
        return services.interactions.list(customerId, options);
      },
      find: async (search) => {
        allow('interactions:read', 'interactions.find()');
        return services.interactions.find(search);
      },
    },
    conversations: {
      get: async (id) => {
        allow('interactions:read', 'conversations.get()');
        return services.conversations.get(id);
      },
      resolve: async (id) => {
        allow('interactions:write', 'conversations.resolve()');
        return services.conversations.resolve(id);
      },
      reopen: async (id) => {
        allow('interactions:write', 'conversations.reopen()');
        return services.conversations.reopen(id);
      },
    },
    events: {
      on: (type, handler) => {
        live('events.on()');
        return track('events', type, services.events.subscribe(type, handler, name));
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
        await services.events.publish(type, payload as object);
      },
    },
    channels: {
      registerChannel: (id, provider: ChannelProvider) =>
        registerContribution('channels', id, provider, `channels.registerChannel("${id}")`),
      send: async (channelId, message, options) => {
        allow('messages:send', `channels.send("${channelId}")`);
        return services.sendThroughChannel(channelId, message, options);
      },
    },
    scoring: {
      registerScoringRule: (id, rule) => {
        allow('scores:write', `scoring.registerScoringRule("${id}")`);
        checkReevaluationPeriod(rule, `reevaluateEvery of scoring rule "${id}"`);
        return registerContribution('scoringRules', id, rule, `scoring.registerScoringRule("${id}")`);
      },
      get: async (customerId, rule) => {
        allow('customers:read', 'scoring.get()');
        const row = await services.scores.get(customerId, rule);
        if (!row) return undefined;
        return { rule: row.rule, value: row.value, ...(row.label !== null && { label: row.label }), explanation: row.explanation ?? '', computedAt: row.computedAt };
      },
    },
    segmentation: {
      registerSegmentationModel: (id, model) => {
        allow('segments:write', `segmentation.registerSegmentationModel("${id}")`);
        checkReevaluationPeriod(model, `reevaluateEvery of segmentation model "${id}"`);
        return registerContribution('segmentationModels', id, model, `segmentation.registerSegmentationModel("${id}")`);
      },
      membershipsOf: async (customerId, model) => {
        allow('customers:read', 'segmentation.membershipsOf()');
        return (await services.segments.listFor(customerId, model)).map(({ model: m, segment, since }) => ({ model: m, segment, since }));
      },
    },
    workflows: {
      registerWorkflow: (id, workflow) => {
        allow('workflows:run', `workflows.registerWorkflow("${id}")`);
        return registerContribution('workflows', id, workflow, `workflows.registerWorkflow("${id}")`);
      },
      start: async (id, input) => {
        allow('workflows:run', `workflows.start("${id}")`);
        return services.workflows.start(name, id, input);
      },
    },
    graphql: {
      registerResolvers: (resolvers) => {
        live('graphql.registerResolvers()');
        if (!contributes.graphql) {
          throw new ContributionMismatchError(
            name,
            'rapport.contributes.graphql',
            'resolvers',
            `Plugin "${name}" registered GraphQL resolvers, but rapport.contributes.graphql in ${owner.manifestFile} ` +
              'names no schema file. Add "graphql": "schema.graphql" to rapport.contributes, or stop registering resolvers.',
          );
        }
        return track('graphql', name, services.registry.register('graphql', name, name, resolvers));
      },
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
        return services.exportsOf(dependency) as T;
      },
    },
  };
  container.bind(PLUGIN_CONTEXT).toConstantValue(context);

  return {
    context,
    registeredIds: (field) => [...(registered.get(field) ?? [])],
    async revoke() {
      if (revoked) return [];
      revoked = true;
      const errors: string[] = [];
      // Subscriptions were pushed by the plugin and may depend on its registrations: release
      // them first, then the registrations, each in reverse order of creation.
      for (const disposable of [...subscriptions.reverse(), ...registrations.reverse()]) {
        try {
          await withTimeout(disposable.dispose(), services.disposeTimeoutMs, () => `dispose() of plugin "${name}" timed out`);
        } catch (error) {
          errors.push(errorMessage(error));
        }
      }
      subscriptions.length = 0;
      registrations.length = 0;
      try {
        await container.unbindAll();
      } catch (error) {
        errors.push(errorMessage(error));
      }
      return errors;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A period that cannot be read fails the registration (and so the activation), naming it. */
function checkReevaluationPeriod(contribution: { reevaluateEvery?: unknown }, field: string): void {
  if (contribution?.reevaluateEvery === undefined) return;
  parseDuration(contribution.reevaluateEvery as Duration, field);
}
