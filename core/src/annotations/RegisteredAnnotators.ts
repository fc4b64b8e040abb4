import { inject, injectable } from 'inversify';
import type { AnnotatedMessage, Annotation } from '@rapport/sdk';
import { actAsWithin } from '../actors/acting.js';
import { pluginActor } from '../actors/Actor.js';
import { ContributionRegistry } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { PluginActivation } from '../contributions/PluginActivation.js';
import { PluginCalls } from '../contributions/PluginCalls.js';
import { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import { checkJsonObject, JSON_BOUNDS } from '../domain/inputRules.js';
import type { InboundAnnotations } from '../domain/interactions/InboundAnnotations.js';
import { Logger } from '../logging/Logger.js';
import { PLUGIN_ATTRIBUTE, withSpan } from '../tracing/spans.js';
import { errorMessage } from '../util/errorMessage.js';
import { withTimeout } from '../util/withTimeout.js';

/**
 * {@link InboundAnnotations} from the annotators plugins registered. Each declared annotator's
 * plugin is activated first (cheap once active; a disabled or failed plugin is skipped), then all
 * run at once, each within the plugin handler budget (`pluginHost.handlerTimeoutMs`), as the
 * plugin. A failure (a throw, a timeout, a result that is not a JSON object or would push the
 * message's metadata past its bounds) is logged and reported to {@link PluginCalls}, which counts
 * it and trips the plugin's circuit breaker, exactly as for an event handler; the message is
 * stored all the same, without that annotation.
 */
@injectable()
export class RegisteredAnnotators implements InboundAnnotations {
  private readonly logger: Logger;

  constructor(
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(ContributionRegistry) private readonly registry: ContributionRegistry,
    @inject(PluginActivation) private readonly activation: PluginActivation,
    @inject(PluginCalls) private readonly calls: PluginCalls,
    @inject(PluginHostOptions) private readonly budgets: PluginHostOptions,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'annotators' });
  }

  async annotate(message: AnnotatedMessage): Promise<Record<string, unknown>> {
    const declared = this.declared.declaredIn('annotators');
    if (declared.length === 0) return {};
    const frozen: AnnotatedMessage = Object.freeze({ ...message, metadata: Object.freeze({ ...message.metadata }) });
    const annotations = await Promise.all(declared.map(({ id, plugin }) => this.run(id, plugin, frozen)));
    const added: Record<string, unknown> = {};
    for (const annotation of annotations) {
      for (const [key, value] of Object.entries(annotation ?? {})) {
        if (!Object.hasOwn(message.metadata, key) && !Object.hasOwn(added, key)) added[key] = value;
      }
    }
    return added;
  }

  /** One annotator's keys, checked; undefined when it has none, is unavailable or failed. */
  private async run(id: string, plugin: string, message: AnnotatedMessage): Promise<Record<string, unknown> | undefined> {
    try {
      await this.activation.activateContribution('annotators', id);
    } catch (error) {
      // A disabled or failed plugin says why in its status; every message need not say it again.
      this.logger.debug({ annotator: id, plugin, err: { message: errorMessage(error) } }, 'annotator unavailable');
      return undefined;
    }
    const registration = this.registry.annotators.get(id);
    if (!registration) return undefined;
    const timeoutMs = this.budgets.handlerTimeoutMs;
    const where = `annotator "${id}"`;
    this.calls.called(plugin);
    try {
      const annotation = await withSpan(`annotator ${id}`, { 'rapport.annotator': id, 'rapport.channel': message.channel, [PLUGIN_ATTRIBUTE]: plugin }, () =>
        withTimeout(
          actAsWithin(pluginActor(plugin), async () => registration.implementation(message)),
          timeoutMs,
          () => `Annotator "${id}" of plugin "${plugin}" did not finish within ${timeoutMs} ms (pluginHost.handlerTimeoutMs); the message was stored without its annotation.`,
        ),
      );
      return checked(annotation, id, message);
    } catch (error) {
      this.logger.error({ plugin, annotator: id, channel: message.channel, err: { message: errorMessage(error) } }, `annotator failed: ${errorMessage(error)}`);
      await this.calls.failed({ plugin, error, where, surfaced: false });
      return undefined;
    }
  }
}

/**
 * The annotation as JSON the message's metadata can hold, or a thrown error that says what is
 * wrong with it (caught by the caller and charged to the plugin).
 */
function checked(annotation: Annotation, id: string, message: AnnotatedMessage): Record<string, unknown> | undefined {
  if (annotation === undefined || annotation === null) return undefined;
  const clean = checkJsonObject(annotation, `the annotation of annotator "${id}"`, JSON_BOUNDS.metadata);
  // Together with what the message has, it must still fit the bounds of one metadata object.
  checkJsonObject({ ...clean, ...message.metadata }, `metadata with the annotation of annotator "${id}"`, JSON_BOUNDS.metadata);
  return Object.keys(clean).length > 0 ? clean : undefined;
}
