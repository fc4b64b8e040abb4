/** A JSON Schema property as plugins' manifests write them (contributes.configuration). */
interface SchemaProperty {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  format?: string;
}

interface SettingsSchema {
  properties?: Record<string, SchemaProperty>;
  required?: string[];
}

/** What a setting accepts, in words: its type, allowed values and bounds. */
function accepts(property: SchemaProperty): string {
  const type = Array.isArray(property.type) ? property.type.join(' or ') : (property.type ?? 'any');
  const parts = [type];
  if (property.enum) parts.push(`one of ${property.enum.map((value) => JSON.stringify(value)).join(', ')}`);
  if (property.minimum !== undefined) parts.push(`at least ${property.minimum}`);
  if (property.maximum !== undefined) parts.push(`at most ${property.maximum}`);
  if (property.format) parts.push(property.format);
  return parts.join(', ');
}

/**
 * A plugin's settings schema as a read-only form: each setting with what it accepts, its default
 * and its description. The deployment's own values live in rapport.config.json and are not in the
 * API (they may hold secrets), so the form shows the defaults.
 */
export function SettingsSchemaForm(props: { plugin: string; schema: unknown }) {
  const schema = (props.schema ?? {}) as SettingsSchema;
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return <p class="muted">This plugin takes no settings.</p>;
  const required = new Set(schema.required ?? []);
  return (
    <fieldset class="settings-schema" disabled>
      <legend>Settings (pluginSettings["{props.plugin}"] in rapport.config.json)</legend>
      {entries.map(([name, property]) => {
        const id = `setting-${props.plugin}-${name}`.replace(/[^\w-]/g, '-');
        return (
          <div key={name} class="setting">
            <label for={id}>
              {name}
              {required.has(name) && <span class="muted"> (required)</span>}
            </label>
            <input id={id} readOnly value={property.default === undefined ? '' : typeof property.default === 'string' ? property.default : JSON.stringify(property.default)} placeholder="no default" aria-describedby={`${id}-about`} />
            <div id={`${id}-about`} class="muted">
              {accepts(property)}
              {property.description && ` — ${property.description}`}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
