import type { Permission } from './manifest.js';
import { VIEW_LOCATIONS } from './views.js';

/** One kind of contribution, described once: the manifest, the host's checks and the docs read it. */
export interface ContributionKind {
  /** The field under `rapport.contributes`, e.g. `channels`. */
  readonly field: 'channels' | 'scoringRules' | 'segmentationModels' | 'workflows' | 'customerData' | 'bots' | 'annotators' | 'views';
  /** What one contribution is called in messages, e.g. `channel`. */
  readonly noun: string;
  /**
   * The context call that registers one, as `<member>.<method>`, e.g. `channels.registerChannel`;
   * `null` for a kind that is declared only. Nothing of such a kind runs in the server (a view
   * runs in the console, in the browser), so no code registers it and no permission guards it,
   * and its ids are unique within the plugin rather than across the deployment: the plugin's
   * name and the id together address it.
   */
  readonly register: `${string}.${string}` | null;
  /** The permission registering one needs, or `null`. */
  readonly permission: Permission | null;
  /**
   * The activation event that using one fires (`onChannel:<id>`), if the kind has one; using a
   * contribution also activates the plugin that declares it, even without that event.
   */
  readonly activationEvent?: 'onChannel' | 'onWorkflow';
  /** The JSON Schema of the fields of one entry besides `id` and `displayName`. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Which of those fields are required. */
  readonly required: readonly string[];
}

/** The form of `contributes.views[].entry`: a relative path to a `.js` or `.mjs` file, never leaving the package. */
export const VIEW_ENTRY_PATTERN = '^(?![/\\\\])(?!.*(^|/)\\.\\.(/|$))[^\\\\:]+\\.m?js$';

/** The pattern every contribution id (and segment id) follows. */
export const CONTRIBUTION_ID_PATTERN = '^[a-z0-9][a-z0-9._-]*$';

/**
 * Every kind of contribution a plugin can declare in `rapport.contributes` and register in code.
 * The manifest schema, the host's declared-versus-registered checks, the permission each
 * registration needs and the tables in the documentation all come from this list, so a new kind
 * is added here, once.
 *
 * @example
 * ```ts
 * CONTRIBUTION_KINDS.find((kind) => kind.field === 'channels')?.register; // 'channels.registerChannel'
 * ```
 */
export const CONTRIBUTION_KINDS: readonly ContributionKind[] = Object.freeze([
  {
    field: 'channels',
    noun: 'channel',
    register: 'channels.registerChannel',
    permission: null,
    activationEvent: 'onChannel',
    properties: {
      address: { enum: ['email', 'phone', 'handle'] },
      // How long after the customer's last message free-form replies are allowed (WhatsApp: PT24H).
      replyWindow: { type: 'string', pattern: '^P(?!$)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$' },
      // Whether the channel sends provider templates (SendMessageInput.template).
      templates: { type: 'boolean' },
    },
    required: [],
  },
  {
    field: 'scoringRules',
    noun: 'scoring rule',
    register: 'scoring.registerScoringRule',
    permission: 'scores:write',
    properties: {},
    required: [],
  },
  {
    field: 'segmentationModels',
    noun: 'segmentation model',
    register: 'segmentation.registerSegmentationModel',
    permission: 'segments:write',
    properties: { segments: { type: 'array', minItems: 1, items: { type: 'string', pattern: CONTRIBUTION_ID_PATTERN } } },
    required: ['segments'],
  },
  {
    field: 'workflows',
    noun: 'workflow',
    register: 'workflows.registerWorkflow',
    permission: 'workflows:run',
    activationEvent: 'onWorkflow',
    properties: { trigger: { type: 'string', minLength: 1 } },
    required: [],
  },
  {
    // What a plugin keeps about customers, exported and erased on privacy requests. No activation
    // event: a privacy request activates the declaring plugin itself.
    field: 'customerData',
    noun: 'customer data',
    register: 'privacy.registerCustomerData',
    permission: null,
    properties: {},
    required: [],
  },
  {
    // A bot answers customers in the core's name, so it needs what sending a message needs. No
    // activation event: a customer message for a bot's conversation activates the declaring plugin.
    field: 'bots',
    noun: 'bot',
    register: 'bots.registerBot',
    permission: 'messages:send',
    properties: {},
    required: [],
  },
  {
    // Metadata added to inbound messages before they are stored, so it changes what is written:
    // interactions:write. No activation event: the core activates the declaring plugin before
    // it annotates, but a plugin with onStartup is ready before the first message arrives.
    field: 'annotators',
    noun: 'annotator',
    register: 'annotators.registerAnnotator',
    permission: 'interactions:write',
    properties: {},
    required: [],
  },
  {
    // Panels in the console (contract §15), run in the browser with the signed-in user's
    // credential: declared only, so no permission; the host checks at load that each entry exists.
    field: 'views',
    noun: 'view',
    register: null,
    permission: null,
    properties: {
      title: { type: 'string', minLength: 1 },
      location: { enum: [...VIEW_LOCATIONS] },
      // A relative path inside the package to one ES module: no leading slash, no `..`, no backslash.
      entry: { type: 'string', pattern: VIEW_ENTRY_PATTERN, description: 'a relative path to a .js or .mjs file inside the package, such as "views/panel.js"' },
    },
    required: ['title', 'location', 'entry'],
  },
] as const satisfies readonly ContributionKind[]);

/** A kind that plugins register in code: every kind but the declared-only ones (`register: null`). */
export interface RegisteredContributionKind extends ContributionKind {
  readonly field: RegisteredContributionField;
  readonly register: `${string}.${string}`;
}

/**
 * The kinds registered in code with a context call, which the host matches against the
 * declarations when `activate()` ends and whose ids are unique across the deployment.
 */
export const REGISTERED_CONTRIBUTION_KINDS: readonly RegisteredContributionKind[] = Object.freeze(
  CONTRIBUTION_KINDS.filter((kind): kind is RegisteredContributionKind => kind.register !== null),
);

/** The `rapport.contributes` field of a contribution kind. */
export type ContributionField = ContributionKind['field'];

/** The field of a kind registered in code: every one but the declared-only `views`. */
export type RegisteredContributionField = Exclude<ContributionField, 'views'>;

/** The description of one kind. */
export function contributionKind(field: ContributionField): ContributionKind {
  return CONTRIBUTION_KINDS.find((kind) => kind.field === field)!;
}

/**
 * The description of a kind registered in code.
 *
 * @throws Error for a declared-only kind (`views`), which has no registration call.
 */
export function registeredContributionKind(field: ContributionField): RegisteredContributionKind {
  const kind = REGISTERED_CONTRIBUTION_KINDS.find((candidate) => candidate.field === field);
  if (!kind) throw new Error(`rapport.contributes.${field} is declared only: nothing registers it in code.`);
  return kind;
}
