import { inject, injectable } from 'inversify';
import { RapportError, serviceToken, type CustomerDataHandler, type DataSubject, type JsonValue } from '@rapport/sdk';
import { actAsWithin } from '../actors/acting.js';
import { pluginActor } from '../actors/Actor.js';
import { ContributionRegistry } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { PluginActivation } from '../contributions/PluginActivation.js';
import { PluginCalls } from '../contributions/PluginCalls.js';
import { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import { endSentence } from '../util/endSentence.js';
import { errorMessage } from '../util/errorMessage.js';
import { isRapportError } from '../util/isRapportError.js';
import { withTimeout } from '../util/withTimeout.js';

/** What the plugins keep about one customer: plugin name → customer data id → what its exporter returned. */
export type PluginExports = Record<string, Record<string, JsonValue>>;

/**
 * The plugins' part of privacy requests: every customer data handler declared in
 * `contributes.customerData` (docs/security/privacy.md), called in config order with the
 * plugin's handler budget, the plugin acting (so what it writes is attributed to it).
 */
export interface PluginCustomerData {
  /** What every plugin keeps about the customer. Fails, naming the plugin, when one cannot say. */
  exportAll(subject: DataSubject): Promise<PluginExports>;
  /**
   * Has every plugin erase what it keeps about the customer. Stops at the first that fails,
   * naming it; the ones before it have erased theirs (erasers are idempotent, so a retry is safe).
   */
  eraseAll(subject: DataSubject): Promise<void>;
}

/** The container token of {@link PluginCustomerData}. */
export const PluginCustomerData = serviceToken<PluginCustomerData>('rapport.core.PluginCustomerData');

/**
 * {@link PluginCustomerData} through the contribution registry. A declared handler whose plugin is
 * not active is activated for the request; one whose plugin cannot be (disabled, failed) fails
 * the request with NOT_AVAILABLE naming the plugin, rather than leave its data out silently.
 */
@injectable()
export class RegisteredPluginCustomerData implements PluginCustomerData {
  constructor(
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(ContributionRegistry) private readonly registry: ContributionRegistry,
    @inject(PluginActivation) private readonly activation: PluginActivation,
    @inject(PluginCalls) private readonly calls: PluginCalls,
    @inject(PluginHostOptions) private readonly budgets: PluginHostOptions,
  ) {}

  async exportAll(subject: DataSubject): Promise<PluginExports> {
    const exports: PluginExports = {};
    for (const { id, plugin } of this.declared.declaredIn('customerData')) {
      const handler = await this.handler(id, plugin, 'exported');
      const data = await this.call(plugin, id, 'export', () => handler.export(freezeSubject(subject)));
      (exports[plugin] ??= {})[id] = toJson(data, plugin, id);
    }
    return exports;
  }

  async eraseAll(subject: DataSubject): Promise<void> {
    for (const { id, plugin } of this.declared.declaredIn('customerData')) {
      const handler = await this.handler(id, plugin, 'erased');
      await this.call(plugin, id, 'erase', () => handler.erase(freezeSubject(subject)));
    }
  }

  /** The registered handler of a declared contribution, its plugin activated first. */
  private async handler(id: string, plugin: string, done: 'exported' | 'erased'): Promise<CustomerDataHandler> {
    try {
      await this.activation.activateContribution('customerData', id);
    } catch (error) {
      throw new RapportError(
        'NOT_AVAILABLE',
        `The customer's data cannot be ${done}: plugin "${plugin}" keeps customer data ("${id}") but is unavailable (${errorMessage(error)}). ` +
          `Enable the plugin (or fix what stops it), then try again; nothing was ${done}.`,
        { cause: error },
      );
    }
    const registration = this.registry.customerData.get(id);
    // An active plugin has registered everything it declares (the host checks it after activate()).
    if (!registration) {
      throw new RapportError('NOT_AVAILABLE', `The customer's data cannot be ${done}: plugin "${plugin}" did not register customer data "${id}". Try again.`);
    }
    return registration.implementation;
  }

  private async call<T>(plugin: string, id: string, method: 'export' | 'erase', work: () => T | Promise<T>): Promise<T> {
    const timeoutMs = this.budgets.handlerTimeoutMs;
    const where = `the ${method} of customer data "${id}"`;
    this.calls.called(plugin);
    try {
      return await withTimeout(
        actAsWithin(pluginActor(plugin), async () => work()),
        timeoutMs,
        () => `Plugin "${plugin}" did not finish ${where} within ${timeoutMs} ms (pluginHost.handlerTimeoutMs).`,
      );
    } catch (error) {
      if (!isRapportError(error) || error.code === 'TIMEOUT') await this.calls.failed({ plugin, error, where, surfaced: true });
      const consequence =
        method === 'erase'
          ? 'The core\'s data of the customer was left as it was, so that the erasure can be retried once the plugin is fixed'
          : 'No export was made';
      throw new RapportError('NOT_AVAILABLE', `Plugin "${plugin}" failed in ${where}: ${endSentence(errorMessage(error))} ${consequence}.`, { cause: error });
    }
  }
}

/** Each plugin gets its own frozen copy: one plugin cannot change what the next one is given. */
function freezeSubject(subject: DataSubject): DataSubject {
  return Object.freeze({
    id: subject.id,
    mergedIds: Object.freeze([...subject.mergedIds]),
    emails: Object.freeze([...subject.emails]),
    phones: Object.freeze([...subject.phones]),
    handles: Object.freeze(subject.handles.map((handle) => Object.freeze({ ...handle }))),
  });
}

/** What an exporter returned, as the JSON that will be sent: dates become ISO strings, undefined becomes null. */
function toJson(data: unknown, plugin: string, id: string): JsonValue {
  try {
    const text = JSON.stringify(data ?? null);
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new RapportError(
      'NOT_AVAILABLE',
      `Plugin "${plugin}" exported customer data "${id}" that is not JSON (${errorMessage(error)}). No export was made; the plugin must return plain JSON.`,
      { cause: error },
    );
  }
}
