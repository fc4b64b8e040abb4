import { randomBytes } from 'node:crypto';
import type { ActivationEvent, Permission, PluginContributions } from '@rapport/sdk';
import type { PluginNames } from './pluginName.js';

/** The kinds `rapport new plugin --kind` writes. */
export const PLUGIN_KIND_NAMES = ['channel', 'scoring', 'segmentation', 'workflow'] as const;

/** One of the {@link PLUGIN_KIND_NAMES}. */
export type PluginKindName = (typeof PLUGIN_KIND_NAMES)[number];

/**
 * What `rapport new plugin` writes for one kind, besides the files in `templates/plugin/<kind>`:
 * the manifest's activation events, permissions, contribution and settings schema. The templates
 * read the same contribution id, and their README documents the same settings.
 */
export interface PluginKind {
  readonly name: PluginKindName;
  /** What the contribution is called, e.g. `scoring rule`. */
  readonly noun: string;
  /** Package-name prefixes left out of the contribution id, besides `rapport-` and `plugin-`. */
  readonly idPrefixes: readonly string[];
  /** When the host activates the plugin: lazily, except where the kind needs `onStartup`. */
  activationEvents(names: PluginNames): ActivationEvent[];
  readonly permissions: readonly Permission[];
  /** `rapport.contributes` without `configuration`: the one contribution. */
  contributes(names: PluginNames): PluginContributions;
  /** `rapport.contributes.configuration`: the settings' JSON Schema. */
  readonly configuration: Record<string, unknown>;
  /** The package's `description`. */
  description(id: string): string;
  /** The CHANGELOG's first entry. */
  changelog(id: string): string;
  /** Settings the development deployment (rapport.config.json in the plugin's folder) needs. */
  devSettings?(): Record<string, unknown>;
}

/** A duration setting: milliseconds or an ISO-8601 string, parsed by the plugin's settings.ts. */
function durationSetting(defaultValue: string, description: string): Record<string, unknown> {
  return { type: ['string', 'integer'], minimum: 1, default: defaultValue, description };
}

function settingsSchema(properties: Record<string, Record<string, unknown>>, required: string[] = []): Record<string, unknown> {
  return { type: 'object', ...(required.length > 0 && { required }), additionalProperties: false, properties };
}

/** Every kind, in the order of {@link PLUGIN_KIND_NAMES}. */
export const PLUGIN_KINDS: Readonly<Record<PluginKindName, PluginKind>> = {
  channel: {
    name: 'channel',
    noun: 'channel',
    idPrefixes: ['channel-'],
    // Loaded the first time the channel sends or receives.
    activationEvents: ({ id }) => [`onChannel:${id}`],
    // The core records what a channel sends and receives; the channel itself needs no permission.
    permissions: [],
    contributes: ({ id, displayName }) => ({ channels: [{ id, displayName, address: 'handle' }] }),
    configuration: settingsSchema(
      {
        outboundUrl: { type: 'string', minLength: 1, description: 'where outbound messages are POSTed as JSON: an http:// or https:// URL, e.g. "https://chat.example.com/rapport/outbound"' },
        secret: {
          type: 'string',
          minLength: 16,
          description: 'shared with the provider: sent as "Authorization: Bearer <secret>" with every outbound message and required on every inbound request',
        },
      },
      ['outboundUrl', 'secret'],
    ),
    description: (id) => `The ${id} channel for Rapport: messages out and in as JSON over HTTP.`,
    changelog: (id) =>
      `The \`${id}\` channel: outbound messages POSTed as JSON to the \`outboundUrl\` setting, inbound messages received at ` +
      `\`POST /channels/${id}/inbound\`, both authenticated with the \`secret\` setting.`,
    devSettings: () => ({ outboundUrl: 'http://127.0.0.1:4010/outbound', secret: randomBytes(24).toString('hex') }),
  },
  scoring: {
    name: 'scoring',
    noun: 'scoring rule',
    idPrefixes: ['scoring-'],
    // The rule's triggers and its GraphQL field: loaded with the first recorded interaction or
    // merge, or the first time a client asks for the field.
    activationEvents: ({ fieldName }) => ['onEvent:interaction.recorded', 'onEvent:customer.merged', `onGraphQL:Customer.${fieldName}`],
    // customers:read: the field's resolver reads the stored score.
    permissions: ['customers:read', 'interactions:read', 'scores:write'],
    // The view shows the score on the console's customer page (views/panel.js, plain JS for the browser).
    contributes: ({ id, displayName }) => ({
      scoringRules: [{ id, displayName }],
      graphql: 'schema.graphql',
      views: [{ id, title: displayName, location: 'customer', entry: 'views/panel.js' }],
    }),
    configuration: settingsSchema({
      engagedFrom: { type: 'integer', minimum: 1, default: 3, description: 'inbound interactions from which a customer is labelled "engaged"' },
    }),
    description: (id) => `The ${id} scoring rule for Rapport: each customer's number of inbound interactions, labelled engaged or occasional.`,
    changelog: (id) =>
      `The \`${id}\` scoring rule: each customer's number of inbound interactions, labelled \`engaged\` from the ` +
      '`engagedFrom` setting (default 3) on and `occasional` below it.',
  },
  segmentation: {
    name: 'segmentation',
    noun: 'segmentation model',
    idPrefixes: ['segmentation-', 'segments-'],
    // The daily sweep runs only while the model is registered, so the plugin starts with the host.
    activationEvents: () => ['onStartup', 'onEvent:interaction.recorded'],
    permissions: ['interactions:read', 'segments:write'],
    contributes: ({ id, displayName }) => ({ segmentationModels: [{ id, displayName, segments: ['active', 'quiet'] }] }),
    configuration: settingsSchema({
      quietAfter: durationSetting(
        'P30D',
        'how long after their last inbound interaction a customer moves from "active" to "quiet": milliseconds or an ISO-8601 duration such as "P30D"',
      ),
    }),
    description: (id) => `The ${id} segmentation model for Rapport: active and quiet customers, from their last inbound interaction.`,
    changelog: (id) =>
      `The \`${id}\` segmentation model: \`active\` customers, whose last inbound interaction is more recent than the ` +
      '`quietAfter` setting (default `P30D`), and `quiet` ones; kept current by events and a daily sweep.',
  },
  workflow: {
    name: 'workflow',
    noun: 'workflow',
    idPrefixes: ['workflow-', 'aftercare-'],
    // Loaded when the trigger event happens or one of its runs falls due.
    activationEvents: ({ id }) => [`onWorkflow:${id}`],
    permissions: ['interactions:read', 'interactions:write', 'workflows:run'],
    contributes: ({ id, displayName }) => ({ workflows: [{ id, displayName, trigger: 'conversation.resolved' }] }),
    configuration: settingsSchema({
      delay: durationSetting('P1D', 'how long after a conversation is resolved the follow-up note is added: milliseconds or an ISO-8601 duration such as "P1D"'),
    }),
    description: (id) => `The ${id} workflow for Rapport: an internal follow-up note a day after a conversation is resolved.`,
    changelog: (id) =>
      `The \`${id}\` workflow: when a conversation is resolved, an internal note reminding the team to follow up, ` +
      'after the `delay` setting (default `P1D`).',
  },
};

/** The kind with this name, or undefined. */
export function pluginKind(name: string): PluginKind | undefined {
  return (PLUGIN_KIND_NAMES as readonly string[]).includes(name) ? PLUGIN_KINDS[name as PluginKindName] : undefined;
}
