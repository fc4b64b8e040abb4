import { injectable } from 'inversify';
import { EventEmitter, serviceToken, type Event } from '@rapport/sdk';
import { AsyncEmitter, type WaitUntilEvent } from '../util/AsyncEmitter.js';

/** A call into a plugin's code that failed or timed out. */
export interface PluginCallFailure {
  readonly plugin: string;
  readonly error: unknown;
  /** Which of the plugin's code failed, for a person: `the "customer.created" handler`, `a GraphQL resolver`. */
  readonly where: string;
  /** Whether the caller already received the error (a GraphQL resolver's is in the response), as opposed to background work only the log shows. */
  readonly surfaced: boolean;
}

/**
 * Where the parts of the core that call plugin code (event handlers, rules and models, resolvers)
 * report each call and each failure, so the plugin host can keep each plugin's figures and trip
 * its circuit breaker without those parts knowing the host.
 */
export interface PluginCalls {
  /** A call into a plugin's code began. */
  called(plugin: string): void;
  /** A call into a plugin's code failed or timed out; resolves once the host has counted it (and, maybe, disabled the plugin). */
  failed(failure: PluginCallFailure): Promise<void>;
  readonly onDidCall: Event<string>;
  readonly onDidFail: Event<WaitUntilEvent<PluginCallFailure>>;
}

/** The container token of {@link PluginCalls}. */
export const PluginCalls = serviceToken<PluginCalls>('rapport.core.PluginCalls');

/** {@link PluginCalls} as two events. */
@injectable()
export class PluginCallReports implements PluginCalls {
  private readonly calls = new EventEmitter<string>();
  private readonly failures = new AsyncEmitter<PluginCallFailure>();
  readonly onDidCall = this.calls.event;
  readonly onDidFail = this.failures.event;

  called(plugin: string): void {
    this.calls.fire(plugin);
  }

  failed(failure: PluginCallFailure): Promise<void> {
    return this.failures.fireAsync(failure);
  }
}
