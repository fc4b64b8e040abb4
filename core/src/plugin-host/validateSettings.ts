import { SettingsValidationError, type PluginManifest } from '@rapport/sdk';
import { createAjv } from '../validation/createAjv.js';
import { toProblems } from '../validation/toProblems.js';

// useDefaults fills in `default` values from the schema, so plugins read complete settings.
const ajv = createAjv({ useDefaults: true });

/**
 * Validates a plugin's settings against its `contributes.configuration` and returns them with
 * defaults applied. A plugin without a schema gets its settings as given.
 *
 * @param configFile - the file the settings come from, named in every problem.
 * @throws SettingsValidationError naming each invalid setting, e.g.
 *   `rapport.config.json: pluginSettings["@rapport/plugin-channel-email"].smtp.port: must be integer`.
 */
export function validateSettings(manifest: PluginManifest, settings: unknown, configFile: string): Record<string, unknown> {
  const schema = manifest.rapport.contributes?.configuration;
  const value = structuredClone(settings ?? {}) as Record<string, unknown>;
  if (!schema) return value;
  const field = `pluginSettings[${JSON.stringify(manifest.name)}]`;
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new SettingsValidationError(manifest.name, [
      { file: configFile, field, message: `cannot be checked: rapport.contributes.configuration is not a valid JSON Schema (${(error as Error).message})` },
    ]);
  }
  if (!validate(value)) throw new SettingsValidationError(manifest.name, toProblems(validate.errors, configFile, field));
  return value;
}
