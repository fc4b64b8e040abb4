import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Clock } from '@rapport/sdk';
import { SystemClock } from '../clock/SystemClock.js';
import { TOKENS } from '../container/tokens.js';
import type { CustomerService } from '../domain/CustomerService.js';
import { InMemoryCustomerService } from '../domain/InMemoryCustomerService.js';
import { InMemoryInteractionService } from '../domain/InMemoryInteractionService.js';
import type { InteractionService } from '../domain/InteractionService.js';
import { EventBus } from '../events/EventBus.js';
import { ContributionRegistry } from '../plugin-host/ContributionRegistry.js';
import { PluginHost } from '../plugin-host/PluginHost.js';
import { DEFAULT_PLUGIN_HOST_OPTIONS, type PluginHostOptions } from '../plugin-host/PluginHostOptions.js';
import { UnavailableWorkflowStarter, type WorkflowStarter } from '../plugin-host/WorkflowStarter.js';
import { InMemoryKeyValueStoreProvider } from '../storage/InMemoryKeyValueStoreProvider.js';
import type { KeyValueStoreProvider } from '../storage/KeyValueStoreProvider.js';

/** What the composition root needs from its caller. */
export interface KernelOptions {
  logger: Logger;
  clock?: Clock;
  pluginHost?: Partial<PluginHostOptions>;
  /** Replaces the in-memory store, e.g. with a database-backed one. */
  storage?: KeyValueStoreProvider;
}

/** The composed core: its container and the services callers use directly. */
export interface Kernel {
  container: Container;
  host: PluginHost;
  events: EventBus;
  registry: ContributionRegistry;
  customers: CustomerService;
  interactions: InteractionService;
  storage: KeyValueStoreProvider;
  clock: Clock;
  logger: Logger;
}

/**
 * The composition root: binds the core's services in one inversify container and returns them.
 *
 * Bindings are factories (`toDynamicValue`) rather than decorated classes: tsx and vitest strip
 * types with esbuild, which emits no decorator metadata, and explicit factories keep every
 * dependency visible here, in one place.
 */
export function createKernel(options: KernelOptions): Kernel {
  const container = new Container({ defaultScope: 'Singleton' });
  const hostOptions = { ...DEFAULT_PLUGIN_HOST_OPTIONS, ...options.pluginHost };
  container.bind(TOKENS.Logger).toConstantValue(options.logger);
  container.bind(TOKENS.Clock).toConstantValue(options.clock ?? new SystemClock());
  container.bind(TOKENS.PluginHostOptions).toConstantValue(hostOptions);
  container.bind(TOKENS.KeyValueStoreProvider).toConstantValue(options.storage ?? new InMemoryKeyValueStoreProvider());
  container.bind(TOKENS.ContributionRegistry).toDynamicValue(() => new ContributionRegistry());
  container
    .bind(TOKENS.EventBus)
    .toDynamicValue((c) => new EventBus(c.get<Logger>(TOKENS.Logger), c.get<Clock>(TOKENS.Clock), hostOptions.handlerTimeoutMs));
  container
    .bind(TOKENS.CustomerService)
    .toDynamicValue((c) => new InMemoryCustomerService(c.get<EventBus>(TOKENS.EventBus), c.get<Clock>(TOKENS.Clock)));
  container
    .bind(TOKENS.InteractionService)
    .toDynamicValue(
      (c) =>
        new InMemoryInteractionService(
          c.get<CustomerService>(TOKENS.CustomerService),
          c.get<EventBus>(TOKENS.EventBus),
          c.get<Clock>(TOKENS.Clock),
        ),
    );
  container.bind(TOKENS.WorkflowStarter).toDynamicValue(() => new UnavailableWorkflowStarter());
  container.bind(TOKENS.PluginHost).toDynamicValue(
    (c) =>
      new PluginHost({
        logger: c.get<Logger>(TOKENS.Logger),
        clock: c.get<Clock>(TOKENS.Clock),
        events: c.get<EventBus>(TOKENS.EventBus),
        registry: c.get<ContributionRegistry>(TOKENS.ContributionRegistry),
        storage: c.get<KeyValueStoreProvider>(TOKENS.KeyValueStoreProvider),
        customers: c.get<CustomerService>(TOKENS.CustomerService),
        interactions: c.get<InteractionService>(TOKENS.InteractionService),
        workflows: c.get<WorkflowStarter>(TOKENS.WorkflowStarter),
        options: c.get<PluginHostOptions>(TOKENS.PluginHostOptions),
      }),
  );

  return {
    container,
    host: container.get<PluginHost>(TOKENS.PluginHost),
    events: container.get<EventBus>(TOKENS.EventBus),
    registry: container.get<ContributionRegistry>(TOKENS.ContributionRegistry),
    customers: container.get<CustomerService>(TOKENS.CustomerService),
    interactions: container.get<InteractionService>(TOKENS.InteractionService),
    storage: container.get<KeyValueStoreProvider>(TOKENS.KeyValueStoreProvider),
    clock: container.get<Clock>(TOKENS.Clock),
    logger: options.logger,
  };
}
