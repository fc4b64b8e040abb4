import { serviceToken } from '@rapport/sdk';

/**
 * Budgets of plugin code, in milliseconds (see docs/configuration.md, `pluginHost`): the host
 * bounds activation with them, and everything that calls a contribution (the event bus, the
 * channels, the evaluator, plugin resolvers) bounds the call.
 */
export interface PluginHostOptions {
  /** How long `activate()` may run before the plugin is FAILED. */
  activationTimeoutMs: number;
  /** How long one event handler call (or any other call into a contribution) may run before it counts as a failure. */
  handlerTimeoutMs: number;
  /** How long `deactivate()` and each disposal may run during shutdown or disable. */
  deactivationTimeoutMs: number;
  /** Handler failures within `circuitBreakerWindowMs` that disable a plugin. */
  circuitBreakerThreshold: number;
  circuitBreakerWindowMs: number;
}

/** The container token of the deployment's {@link PluginHostOptions}. */
export const PluginHostOptions = serviceToken<PluginHostOptions>('rapport.core.PluginHostOptions');

export const DEFAULT_PLUGIN_HOST_OPTIONS: PluginHostOptions = {
  activationTimeoutMs: 10_000,
  handlerTimeoutMs: 10_000,
  deactivationTimeoutMs: 5_000,
  circuitBreakerThreshold: 5,
  circuitBreakerWindowMs: 60_000,
};
