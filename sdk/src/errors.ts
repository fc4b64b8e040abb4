/**
 * Machine-readable error codes. GraphQL responses carry them in `extensions.code`, the CLI
 * prints them, and tests assert on them.
 *
 * Three are only ever seen by API clients, never raised by plugins: `RATE_LIMITED` (HTTP 429, the
 * credential spent its `rateLimit` budget; `Retry-After` says when to retry),
 * `QUERY_TOO_COMPLEX` (HTTP 400, a request over one of `graphql.limits`; `extensions.limit` names
 * it) and `SERVICE_UNAVAILABLE` (HTTP 503, the server's database cannot serve right now: an
 * outage, a restart, a lock held too long; retry after the `Retry-After` header's seconds).
 */
export type RapportErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'CONFIG_INVALID'
  | 'PLUGIN_LOAD_ERROR'
  | 'PLUGIN_INCOMPATIBLE'
  | 'MANIFEST_INVALID'
  | 'SETTINGS_INVALID'
  | 'CONTRIBUTION_MISMATCH'
  | 'PLUGIN_NOT_ACTIVE'
  | 'TIMEOUT'
  | 'NOT_AVAILABLE'
  | 'DELIVERY_FAILED'
  | 'CHANNEL_WINDOW_CLOSED'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'SERVICE_UNAVAILABLE';

/**
 * The base class of every error that Rapport raises on purpose. Its message says what was wrong
 * and how to fix it; `code` is stable and meant for programs.
 *
 * @example
 * ```ts
 * try { await ctx.customers.create(input); }
 * catch (error) { if (error instanceof RapportError && error.code === 'CONFLICT') { … } }
 * ```
 */
export class RapportError extends Error {
  /**
   * @param code - the stable, machine-readable code.
   * @param message - what went wrong and what to do about it, for a person.
   * @param options - the underlying cause, if any.
   */
  constructor(
    readonly code: RapportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A plugin called a context member that its manifest's `rapport.permissions` does not allow.
 *
 * @example
 * ```text
 * Plugin "@acme/rapport-loyalty" needs the "customers:write" permission to call customers.create().
 * Add "customers:write" to rapport.permissions in its package.json.
 * ```
 */
export class PermissionDeniedError extends RapportError {
  /**
   * @param plugin - the name of the plugin that made the call.
   * @param permission - the permission the call needs.
   * @param operation - the context member that was called, e.g. `customers.create()`.
   * @param message - replaces the standard message when the reason is not a missing permission.
   */
  constructor(
    readonly plugin: string,
    readonly permission: string,
    readonly operation: string,
    message?: string,
  ) {
    super(
      'PERMISSION_DENIED',
      message ??
        `Plugin "${plugin}" needs the "${permission}" permission to call ${operation}. ` +
          `Add "${permission}" to rapport.permissions in its package.json.`,
    );
  }
}

/** One problem found in a manifest, a settings object or a configuration file. */
export interface ValidationProblem {
  /** The file the problem is in, as the user knows it (absolute or relative path). */
  readonly file: string;
  /** The field, as a dotted path such as `rapport.activationEvents[1]`. */
  readonly field: string;
  /** What is wrong with the field and, where possible, what to write instead. */
  readonly message: string;
}

/** Formats validation problems as `file: field: message` lines. */
export function formatProblems(problems: readonly ValidationProblem[]): string {
  return problems.map((problem) => `${problem.file}: ${problem.field}: ${problem.message}`).join('\n');
}

/**
 * A plugin could not be loaded or activated: its module could not be imported, it has no
 * `activate` export, `activate()` threw or timed out, or a check before loading failed.
 * The plugin host keeps this error as the plugin's `error` and stops no other plugin.
 */
export class PluginLoadError extends RapportError {
  /**
   * @param plugin - the plugin's package name (or its configured entry if the name is unknown).
   * @param message - why it could not be loaded.
   * @param options - the error code to use and the underlying cause.
   */
  constructor(
    readonly plugin: string,
    message: string,
    options?: { cause?: unknown; code?: RapportErrorCode },
  ) {
    super(options?.code ?? 'PLUGIN_LOAD_ERROR', message, options);
  }
}

/** A plugin's package.json does not satisfy the manifest schema (docs/plugin-manifest.md). */
export class ManifestValidationError extends PluginLoadError {
  /**
   * @param plugin - the plugin's name or configured entry.
   * @param problems - every problem found, each naming the file and the field.
   */
  constructor(
    plugin: string,
    readonly problems: readonly ValidationProblem[],
  ) {
    super(plugin, `Invalid plugin manifest:\n${formatProblems(problems)}`, { code: 'MANIFEST_INVALID' });
  }
}

/** A plugin's settings do not satisfy its `contributes.configuration` schema. */
export class SettingsValidationError extends PluginLoadError {
  /**
   * @param plugin - the plugin whose settings are invalid.
   * @param problems - every invalid setting, each naming the file and the field.
   */
  constructor(
    plugin: string,
    readonly problems: readonly ValidationProblem[],
  ) {
    super(plugin, `Invalid settings for plugin "${plugin}":\n${formatProblems(problems)}`, {
      code: 'SETTINGS_INVALID',
    });
  }
}

/**
 * A contribution registered in code is not declared in the manifest, or a declared one was not
 * registered by the end of `activate()`.
 */
export class ContributionMismatchError extends PluginLoadError {
  /**
   * @param plugin - the plugin's name.
   * @param field - the manifest field, e.g. `rapport.contributes.channels`.
   * @param id - the contribution's id.
   * @param message - the full explanation.
   */
  constructor(
    plugin: string,
    readonly field: string,
    readonly id: string,
    message: string,
  ) {
    super(plugin, message, { code: 'CONTRIBUTION_MISMATCH' });
  }
}

/** A configuration file (rapport.config.json) or a command-line option is invalid. */
export class ConfigError extends RapportError {
  /**
   * @param problems - every problem found, each naming the file and the field.
   */
  constructor(readonly problems: readonly ValidationProblem[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n${formatProblems(problems)}`);
  }
}

/** Input from a user or a plugin is invalid. `field` names the offending input field. */
export class ValidationError extends RapportError {
  /**
   * @param message - what is wrong and how to fix it.
   * @param field - the offending field, if there is one.
   */
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super('BAD_USER_INPUT', message);
  }
}

/** The requested object does not exist. */
export class NotFoundError extends RapportError {
  /** @param message - what was looked for, e.g. `No customer with id "c_12".` */
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** The change conflicts with existing data, e.g. an identity that belongs to another customer. */
export class ConflictError extends RapportError {
  /** @param message - what conflicts with what. */
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** An operation did not finish within its time budget. */
export class TimeoutError extends RapportError {
  /**
   * @param message - what timed out, e.g. `activate() did not finish within 10000 ms`.
   * @param timeoutMs - the budget that was exceeded.
   */
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super('TIMEOUT', message);
  }
}

/** A plugin's context was used after the plugin was deactivated, failed or disabled. */
export class PluginNotActiveError extends RapportError {
  /**
   * @param plugin - the plugin whose context was used.
   * @param operation - the member that was called.
   */
  constructor(
    readonly plugin: string,
    operation: string,
  ) {
    super(
      'PLUGIN_NOT_ACTIVE',
      `Plugin "${plugin}" called ${operation} after it was deactivated. ` +
        'Dispose timers and listeners in deactivate() or push them to ctx.subscriptions.',
    );
  }
}

/**
 * A channel's provider refused or failed to deliver a message. Throw it from
 * `ChannelProvider.send` with the provider's own error code, so API clients see it as
 * `extensions.providerCode` beside `DELIVERY_FAILED`. Nothing is recorded for a send that throws.
 *
 * @example
 * ```ts
 * throw new DeliveryError('The number is not a valid mobile number.', { providerCode: '21614' });
 * ```
 */
export class DeliveryError extends RapportError {
  /** The provider's error code, e.g. Twilio's `21614` or Meta's `131047`. */
  readonly providerCode: string | undefined;

  /**
   * @param message - what the provider said, and what to do about it if that is known.
   * @param options - the provider's code and the underlying cause.
   */
  constructor(message: string, options?: { providerCode?: string | number; cause?: unknown }) {
    super('DELIVERY_FAILED', message, options);
    this.providerCode = options?.providerCode === undefined ? undefined : String(options.providerCode);
  }
}

/**
 * A free-form message on a channel with a reply window (WhatsApp's 24-hour customer-service
 * window) after the window closed. Nothing was sent or recorded; a template may still be sent.
 * The core raises it before delivery for channels that declare `replyWindow`; a channel raises it
 * when its provider reports the same.
 */
export class ChannelWindowClosedError extends RapportError {
  /**
   * @param channel - the channel, e.g. `whatsapp`.
   * @param closedAt - when the window closed, if known (undefined: the customer never wrote on it).
   */
  constructor(
    readonly channel: string,
    readonly closedAt: Date | undefined,
  ) {
    super(
      'CHANNEL_WINDOW_CLOSED',
      `The ${channel} reply window ${closedAt ? `closed at ${closedAt.toISOString()}` : 'is not open: the customer has not written on this channel'}. ` +
        'Free-form messages can only answer a customer who wrote recently; send an approved template instead (SendMessageInput.template), ' +
        'or reply on another channel. Nothing was sent.',
    );
  }
}
