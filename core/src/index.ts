/**
 * `@rapport/core`: the kernel, plugin host, server and CLI of Rapport. Plugins never import
 * this package; they use `@rapport/sdk`.
 *
 * @packageDocumentation
 */
export { createKernel, type Kernel, type KernelOptions } from './kernel/createKernel.js';
export { PluginHost, type LoadedManifest } from './plugin-host/PluginHost.js';
export { DEFAULT_PLUGIN_HOST_OPTIONS, PluginHostOptions } from './contributions/PluginHostOptions.js';
export { ContributionRegistry, type Registration, type RegistrationChange } from './contributions/ContributionRegistry.js';
export { DeclaredContributions } from './contributions/DeclaredContributions.js';
export { EventBus } from './events/EventBus.js';
export { loadConfig, type ConfigSource } from './config/loadConfig.js';
export { configSchema, type RapportConfig } from './config/RapportConfig.js';
export { createLogger } from './logging/createLogger.js';
export { createHttpServer, type ReadinessCheck } from './server/createHttpServer.js';
export { bindService, resolveService } from './container/bindService.js';
