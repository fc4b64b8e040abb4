/**
 * What an annotator is shown: an inbound customer message about to be stored. It is not stored
 * yet, so it has no id, and the customer may not exist yet (the message may create them).
 */
export interface AnnotatedMessage {
  /** The channel it came in on, e.g. `chat`. */
  readonly channel: string;
  /** The interaction type; the core annotates `message` interactions only. */
  readonly type: string;
  /** The message's text, never empty. */
  readonly text: string;
  /** The subject line, on channels that have one. */
  readonly subject?: string;
  /** When the customer sent it. */
  readonly occurredAt: Date;
  /** The metadata the channel (or the caller) gave it, frozen. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Metadata keys to merge into the message's `metadata` (JSON values), or `undefined` to add
 * nothing. Keys the message already has are kept as the channel gave them.
 */
export type Annotation = Record<string, unknown> | undefined;

/**
 * An annotator: adds metadata to each inbound customer message before the core stores it, so
 * everything that reads the message (the bot hand-off, scoring rules, the API) sees it, from
 * the first `interaction.recorded` on. Declared in `rapport.contributes.annotators` and
 * registered with `ctx.annotators.registerAnnotator(id, annotator)`, which needs
 * `interactions:write`.
 *
 * The core calls every registered annotator for each INBOUND interaction of type `message` that
 * has text, on every path that records one (channel webhooks, `recordInteraction(s)`,
 * `ctx.interactions.record`), before the write and never inside its transaction. Each call has
 * the plugin's handler budget (`pluginHost.handlerTimeoutMs`): an annotator that throws, times
 * out or returns something that is not a JSON object leaves the message stored without its
 * annotation, and counts as a failure of its plugin (its circuit breaker), like a failing event
 * handler. Keep annotators fast and local: they sit on the path of every inbound message.
 *
 * @example
 * ```ts
 * ctx.subscriptions.push(
 *   ctx.annotators.registerAnnotator('language', (message) =>
 *     /[àâçéèêëîïôûùüÿœ]/i.test(message.text) ? { language: 'fr' } : undefined,
 *   ),
 * );
 * ```
 */
export type Annotator = (message: AnnotatedMessage) => Annotation | Promise<Annotation>;
