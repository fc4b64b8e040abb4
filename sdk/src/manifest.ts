import { CONTRIBUTION_ID_PATTERN, CONTRIBUTION_KINDS } from './contributionKinds.js';
import type { ViewLocation } from './views.js';

/**
 * Everything a plugin may do through its context, each granted only when listed in the
 * manifest's `rapport.permissions`.
 */
export const PERMISSIONS = [
  'customers:read',
  'customers:write',
  'interactions:read',
  'interactions:write',
  'scores:write',
  'segments:write',
  'messages:send',
  'workflows:run',
  'storage',
] as const;

/** One of the {@link PERMISSIONS}. */
export type Permission = (typeof PERMISSIONS)[number];

/**
 * When the host loads and activates a plugin. A plugin is imported the first time one of its
 * events happens, never before.
 *
 * - `onStartup`: when the host starts.
 * - `onEvent:<type>`: before the first event of that type is delivered.
 * - `onChannel:<id>`: before the channel is used to send or receive.
 * - `onWorkflow:<id>`: when the workflow's trigger event happens or one of its runs is due.
 * - `onGraphQL:<Type.field>`: before the field is first resolved.
 */
export type ActivationEvent =
  | 'onStartup'
  | `onEvent:${string}`
  | `onChannel:${string}`
  | `onWorkflow:${string}`
  | `onGraphQL:${string}`;

/** A channel the plugin provides (`rapport.contributes.channels[]`). */
export interface ChannelContribution {
  /** The channel id, e.g. `email`; unique across the deployment. */
  id: string;
  /** A human-readable name. */
  displayName?: string;
  /**
   * Which of the customer's identities the channel delivers to: the core puts it in
   * `OutboundMessage.to`. `email` → the customer's first email address, `phone` → the first
   * phone number (E.164), `handle` (the default) → the customer's handle on this channel.
   */
  address?: ChannelAddressKind;
  /**
   * How long after the customer's last message on this channel free-form messages may be sent,
   * as an ISO-8601 duration (WhatsApp: `PT24H`). Outside it the core refuses a free-form send
   * with `CHANNEL_WINDOW_CLOSED` before calling the channel, and `Conversation.replyWindows`
   * shows when it closes. Omitted: no window.
   */
  replyWindow?: string;
  /** Whether the channel sends provider templates (`OutboundMessage.template`); false by default. */
  templates?: boolean;
}

/** The identity a channel addresses customers by (`contributes.channels[].address`). */
export type ChannelAddressKind = 'email' | 'phone' | 'handle';

/** A scoring rule the plugin provides (`rapport.contributes.scoringRules[]`). */
export interface ScoringRuleContribution {
  /** The rule id, e.g. `csat`; unique across the deployment. */
  id: string;
  /** A human-readable name. */
  displayName?: string;
}

/** A segmentation model the plugin provides (`rapport.contributes.segmentationModels[]`). */
export interface SegmentationModelContribution {
  /** The model id, e.g. `lifecycle`; unique across the deployment. */
  id: string;
  /** A human-readable name. */
  displayName?: string;
  /** Every segment the model can assign. */
  segments: string[];
}

/** A workflow the plugin provides (`rapport.contributes.workflows[]`). */
export interface WorkflowContribution {
  /** The workflow id, e.g. `post-resolution-survey`; unique across the deployment. */
  id: string;
  /** The event type that starts a run, e.g. `conversation.resolved`. Omit for manual starts only. */
  trigger?: string;
  /** A human-readable name. */
  displayName?: string;
}

/**
 * Something the plugin keeps about customers (`rapport.contributes.customerData[]`): data in its
 * storage, its tables or elsewhere that `exportCustomer` must include and `eraseCustomer` must
 * remove. Register its handler with `ctx.privacy.registerCustomerData(id, handler)`.
 */
export interface CustomerDataContribution {
  /** The id, e.g. `sent-emails`; unique across the deployment, and the key of its part of an export. */
  id: string;
  /** A human-readable name, e.g. `Emails sent and survey questions asked`. */
  displayName?: string;
}

/**
 * A bot the plugin provides (`rapport.contributes.bots[]`), registered with
 * `ctx.bots.registerBot(id, bot)` and put on channels by the deployment's `bots` config.
 */
export interface BotContribution {
  /** The bot id, e.g. `faq`; unique across the deployment. */
  id: string;
  /** A human-readable name, e.g. `FAQ bot`, shown to agents beside its replies. */
  displayName?: string;
}

/**
 * An annotator the plugin provides (`rapport.contributes.annotators[]`), registered with
 * `ctx.annotators.registerAnnotator(id, annotator)`: metadata added to inbound messages before
 * they are stored.
 */
export interface AnnotatorContribution {
  /** The annotator id, e.g. `sentiment`; unique across the deployment. */
  id: string;
  /** A human-readable name, e.g. `Sentiment`. */
  displayName?: string;
}

/**
 * A panel the plugin adds to the console (`rapport.contributes.views[]`), as VS Code's views: the
 * console imports `entry` in the browser when `location` opens and calls its
 * `render(element, props)` ({@link ViewModule}). Nothing is registered in code and no permission
 * is needed: the view runs with the signed-in user's credential, so it can do exactly what that
 * user may.
 *
 * @example
 * ```json
 * { "id": "loyalty", "title": "Loyalty", "location": "customer", "entry": "views/loyalty-panel.js" }
 * ```
 */
export interface ViewContribution {
  /** The view id, e.g. `loyalty`; unique within the plugin (the plugin's name and the id address it). */
  id: string;
  /** The panel's heading, e.g. `Loyalty`. */
  title: string;
  /** Where the panel shows: `customer`, `conversation` or `dashboard`. */
  location: ViewLocation;
  /**
   * The view's ES module, relative to the package (`views/loyalty-panel.js`): a `.js` or `.mjs`
   * file inside it that exists when the plugin is loaded, self-contained (no imports).
   */
  entry: string;
  /** Allowed as on every contribution; the console shows `title`. */
  displayName?: string;
}

/** What a plugin contributes, known to the host before any plugin code runs. */
export interface PluginContributions {
  channels?: ChannelContribution[];
  scoringRules?: ScoringRuleContribution[];
  segmentationModels?: SegmentationModelContribution[];
  workflows?: WorkflowContribution[];
  customerData?: CustomerDataContribution[];
  bots?: BotContribution[];
  annotators?: AnnotatorContribution[];
  views?: ViewContribution[];
  /** Path, relative to the package, of an SDL file that extends the core schema. */
  graphql?: string;
  /** JSON Schema of the plugin's settings; defaults are applied before `activate()`. */
  configuration?: Record<string, unknown>;
}

/** The `rapport` section of a plugin's package.json. */
export interface RapportManifestSection {
  displayName?: string;
  description?: string;
  activationEvents: ActivationEvent[];
  /** Plugin package names mapped to semver ranges; dependencies activate first. */
  pluginDependencies?: Record<string, string>;
  permissions?: Permission[];
  contributes?: PluginContributions;
  /**
   * A directory, relative to the package, of SQL migrations for the plugin's own tables. When the
   * database is migrated (`rapport migrate`), they are applied in name order, once each, each in
   * its own transaction, and recorded under the plugin's name; a failing one is rolled back and
   * stops this plugin's later migrations only. A migration is either one `<name>.sql` that runs
   * on every database, or a pair `<name>.sqlite.sql` + `<name>.postgresql.sql`. Statements end
   * with `;` at the end of a line; lines that start with `--` are comments.
   *
   * @example
   * ```text
   * migrations/0001_create_tiers.sql
   * migrations/0002_tier_index.sqlite.sql
   * migrations/0002_tier_index.postgresql.sql
   * ```
   */
  migrations?: string;
}

/**
 * A plugin's package.json, as far as Rapport reads it (docs/plugin-manifest.md).
 *
 * @example
 * ```json
 * {
 *   "name": "@acme/rapport-loyalty", "version": "0.3.0", "type": "module", "main": "index.js",
 *   "engines": { "rapport": "^1.0.0" },
 *   "rapport": { "activationEvents": ["onStartup"], "permissions": ["storage"] }
 * }
 * ```
 */
export interface PluginManifest {
  name: string;
  version: string;
  type?: 'module' | 'commonjs';
  main?: string;
  exports?: unknown;
  engines: { rapport: string; [engine: string]: string };
  rapport: RapportManifestSection;
}

/** The schema of `rapport.contributes.<field>`: a list of entries with an id, as the kind describes them. */
function contributionListSchema(kind: (typeof CONTRIBUTION_KINDS)[number]) {
  return {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', ...kind.required],
      additionalProperties: false,
      properties: { id: { type: 'string', pattern: CONTRIBUTION_ID_PATTERN }, displayName: { type: 'string' }, ...kind.properties },
    },
  };
}

/**
 * The JSON Schema (draft 2020-12 subset understood by ajv) that every plugin manifest must
 * satisfy. The host validates each package.json against it and reports every problem with the
 * file and the field; plugin authors can run the same check in their own CI.
 */
export const manifestSchema = {
  $id: 'https://rapport.dev/schemas/plugin-manifest.json',
  type: 'object',
  required: ['name', 'version', 'engines', 'rapport'],
  properties: {
    name: {
      type: 'string',
      pattern: '^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$',
      description: 'an npm package name such as "@acme/rapport-loyalty"',
    },
    version: {
      type: 'string',
      pattern: '^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$',
      description: 'a semver version such as "1.0.0"',
    },
    type: { enum: ['module', 'commonjs'] },
    main: { type: 'string', minLength: 1 },
    engines: {
      type: 'object',
      required: ['rapport'],
      properties: { rapport: { type: 'string', minLength: 1 } },
    },
    rapport: {
      type: 'object',
      required: ['activationEvents'],
      additionalProperties: false,
      properties: {
        displayName: { type: 'string' },
        description: { type: 'string' },
        activationEvents: {
          type: 'array',
          items: {
            type: 'string',
            pattern: '^(onStartup|onEvent:[A-Za-z0-9_.:-]+|onChannel:[a-z0-9._-]+|onWorkflow:[a-z0-9._-]+|onGraphQL:[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*)$',
            description:
              'one of onStartup, onEvent:<type>, onChannel:<id>, onWorkflow:<id>, onGraphQL:<Type.field>',
          },
        },
        pluginDependencies: {
          type: 'object',
          additionalProperties: { type: 'string', minLength: 1 },
        },
        permissions: {
          type: 'array',
          uniqueItems: true,
          items: { enum: [...PERMISSIONS] },
        },
        contributes: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...Object.fromEntries(CONTRIBUTION_KINDS.map((kind) => [kind.field, contributionListSchema(kind)])),
            graphql: { type: 'string', minLength: 1 },
            configuration: { type: 'object' },
          },
        },
        migrations: { type: 'string', minLength: 1, description: 'a directory of SQL migrations, relative to the package' },
      },
    },
  },
} as const;
