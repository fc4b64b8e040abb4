import type { Logger } from '../logging/Logger.js';
import type { CoreKeyValueStorage } from '../storage/KeyValueStoreProvider.js';
import { errorMessage } from '../util/errorMessage.js';
import type { PluginRecords } from './PluginRecords.js';

const DISABLED_KEY = 'plugin-host.disabled';
const OPERATOR_REASON = 'Disabled by an operator; enable it with setPluginEnabled.';

/**
 * The plugins an operator disabled, kept in the core's key–value namespace so they stay disabled
 * after a restart. A tripped circuit breaker is not persisted: a restart gives the plugin a new
 * chance. Each choice is audited (`plugin.enable`, `plugin.disable`) with the write that keeps it.
 */
export class OperatorChoices {
  constructor(
    private readonly storage: CoreKeyValueStorage,
    private readonly logger: Logger,
  ) {}

  /** Marks the plugins an operator disabled earlier. */
  async restore(records: PluginRecords): Promise<void> {
    const disabled = await this.storage.get<string[]>(DISABLED_KEY).catch((error: unknown) => {
      // A database that has not been migrated yet (a first start) has no choices to read: that is
      // no problem worth a warning. Anything else is, and the host goes on without the choices.
      const notMigrated = /no such table|does not exist/i.test(errorMessage(error));
      this.logger[notMigrated ? 'debug' : 'warn']({ err: { message: errorMessage(error) } }, 'could not read which plugins operators disabled');
      return [];
    });
    for (const name of disabled ?? []) {
      const record = records.get(name);
      if (record) record.disabled = OperatorChoices.disablement();
    }
  }

  /** Stores which plugins are disabled by an operator now, after an operator's `choice`. */
  async persist(records: PluginRecords, choice: { plugin: string; enabled: boolean; wasEnabled: boolean }): Promise<void> {
    await this.storage.setAudited(
      DISABLED_KEY,
      records.all().filter((record) => record.disabled?.by === 'operator').map((record) => record.name),
      {
        action: choice.enabled ? 'plugin.enable' : 'plugin.disable',
        targetType: 'Plugin',
        targetId: choice.plugin,
        changes: { enabled: { before: choice.wasEnabled, after: choice.enabled } },
      },
    );
  }

  /** How a plugin an operator turned off is marked. */
  static disablement(): { by: 'operator'; reason: string } {
    return { by: 'operator', reason: OPERATOR_REASON };
  }
}
