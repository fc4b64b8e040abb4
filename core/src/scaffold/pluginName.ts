import { ValidationError } from '@rapport/sdk';

/** The names `rapport new plugin` derives from the one it is given. */
export interface PluginNames {
  /** The npm package name, exactly as given: `@acme/rapport-sla` or `sla-score`. */
  packageName: string;
  /** The name without its scope: `rapport-sla`; the default folder. */
  bareName: string;
  /** The contribution's id (channel, rule, model or workflow id): `sla`. */
  id: string;
  /** A human-readable name for the contribution: `Sla`. */
  displayName: string;
  /** The id as a GraphQL field name, for a scoring rule's `Customer` field: `response-speed` → `responseSpeed`. */
  fieldName: string;
}

/** npm's rule for package names, as the manifest schema checks it. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const MAX_PACKAGE_NAME_LENGTH = 214;

/** The manifest schema's rule for contribution ids (`contributes.*[].id`). */
const CONTRIBUTION_ID = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Derives the package name, folder and contribution id from `<name>`:
 *
 * - the package name is `<name>` itself, which must be a valid npm package name, scoped
 *   (`@acme/rapport-sla`) or not (`sla-score`);
 * - the folder is the name without its scope (`rapport-sla`);
 * - the contribution id is that bare name without the prefixes package names conventionally
 *   carry: `rapport-`, `plugin-` and the kind's own (`scoring-` for a scoring rule), so
 *   `@acme/rapport-sla` gives `sla` and `@rapport/plugin-scoring-csat` gives `csat`.
 *
 * @param kindPrefixes - the kind's prefixes, e.g. `['scoring-']`.
 * @throws ValidationError naming the problem and a name that would do.
 */
export function derivePluginNames(name: string, kindPrefixes: readonly string[]): PluginNames {
  if (!PACKAGE_NAME.test(name) || name.length > MAX_PACKAGE_NAME_LENGTH) {
    throw new ValidationError(`"${name}" is not a valid plugin name. ${nameRules(name)}`, 'name');
  }
  const bareName = name.slice(name.indexOf('/') + 1);
  let id = bareName;
  for (const prefix of ['rapport-', 'plugin-', ...kindPrefixes]) {
    if (id.startsWith(prefix) && id.length > prefix.length) id = id.slice(prefix.length);
  }
  id = id.replace(/[^a-z0-9._-]/g, '-');
  if (!CONTRIBUTION_ID.test(id)) id = bareName.replace(/[^a-z0-9._-]/g, '-');
  if (!CONTRIBUTION_ID.test(id)) {
    throw new ValidationError(`"${name}" gives no usable id for the contribution: the name without its scope must start with a letter or a digit. ${nameRules(name)}`, 'name');
  }
  return { packageName: name, bareName, id, displayName: displayNameOf(id), fieldName: fieldNameOf(id) };
}

/** `response-speed` → `responseSpeed`; a GraphQL name never starts with a digit (`3d` → `score3d`). */
function fieldNameOf(id: string): string {
  const camel = id.replace(/[-._]+([a-z0-9])/g, (_all, next: string) => next.toUpperCase()).replace(/[-._]/g, '');
  return /^[0-9]/.test(camel) ? `score${camel}` : camel;
}

/** `sla-breach` → `Sla breach`. */
function displayNameOf(id: string): string {
  const words = id.split(/[-._]+/).filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function nameRules(name: string): string {
  const suggestion = suggestName(name);
  return (
    'A plugin name is an npm package name: lower case letters, digits, "-", "." and "_", ' +
    'optionally under a scope, such as @acme/rapport-sla or sla-score' +
    (suggestion ? `; try "${suggestion}".` : '.')
  );
}

/** A valid name close to an invalid one, e.g. `My SLA` → `my-sla`, or undefined. */
function suggestName(name: string): string | undefined {
  const slug = (part: string) =>
    part
      .toLowerCase()
      .replace(/[^a-z0-9._~-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .replace(/-+$/, '');
  const match = /^@([^/]*)\/(.*)$/.exec(name.trim());
  const suggestion = match ? `@${slug(match[1]!)}/${slug(match[2]!)}` : slug(name.trim());
  return PACKAGE_NAME.test(suggestion) && suggestion !== name ? suggestion : undefined;
}
