import type { ChannelAddressKind, PluginManifest } from '@rapport/sdk';

/** The manifest fields whose ids must be unique across the deployment. */
export const CONTRIBUTION_KINDS = [
  { field: 'channels', noun: 'channel' },
  { field: 'scoringRules', noun: 'scoring rule' },
  { field: 'segmentationModels', noun: 'segmentation model' },
  { field: 'workflows', noun: 'workflow' },
] as const;

export type ContributionField = (typeof CONTRIBUTION_KINDS)[number]['field'];

/** A plugin that could not be indexed because another one already contributes the same id. */
export interface ContributionConflict {
  plugin: string;
  message: string;
}

/**
 * What every plugin offers, read from the manifests alone before any plugin code runs: which
 * plugin owns each channel, rule, model and workflow, and which plugins wait for each activation
 * event. The host consults it to activate exactly the plugins an event concerns.
 */
export class ContributionIndex {
  private readonly owners = new Map<string, string>();
  private readonly byActivationEvent = new Map<string, string[]>();
  private readonly workflowsByTrigger = new Map<string, string[]>();
  private readonly channelAddresses = new Map<string, ChannelAddressKind>();
  private readonly modelSegments = new Map<string, readonly string[]>();

  /**
   * Indexes a plugin. Returns a conflict, and indexes nothing, when one of its ids is already
   * contributed by an earlier plugin: the first one in the config file wins.
   */
  add(manifest: PluginManifest, manifestFile: string): ContributionConflict | undefined {
    const contributes = manifest.rapport.contributes ?? {};
    for (const { field, noun } of CONTRIBUTION_KINDS) {
      for (const { id } of contributes[field] ?? []) {
        const owner = this.owners.get(`${field}:${id}`);
        if (owner && owner !== manifest.name) {
          return {
            plugin: manifest.name,
            message:
              `${manifestFile}: rapport.contributes.${field}: ${noun} "${id}" is already contributed by plugin "${owner}". ` +
              `Plugins "${owner}" and "${manifest.name}" both declare it; remove one of them from plugins in rapport.config.json.`,
          };
        }
      }
    }
    for (const { field } of CONTRIBUTION_KINDS) {
      for (const { id } of contributes[field] ?? []) this.owners.set(`${field}:${id}`, manifest.name);
    }
    for (const channel of contributes.channels ?? []) this.channelAddresses.set(channel.id, channel.address ?? 'handle');
    for (const model of contributes.segmentationModels ?? []) this.modelSegments.set(model.id, [...model.segments]);
    for (const workflow of contributes.workflows ?? []) {
      if (workflow.trigger) push(this.workflowsByTrigger, workflow.trigger, workflow.id);
    }
    for (const event of manifest.rapport.activationEvents) push(this.byActivationEvent, event, manifest.name);
    return undefined;
  }

  /** The plugin that contributes `id` in `field`, if any. */
  ownerOf(field: ContributionField, id: string): string | undefined {
    return this.owners.get(`${field}:${id}`);
  }

  /** Which identity of a customer a channel delivers to (`contributes.channels[].address`). */
  channelAddress(channelId: string): ChannelAddressKind | undefined {
    return this.channelAddresses.get(channelId);
  }

  /** The segments a segmentation model declares (`contributes.segmentationModels[].segments`). */
  segmentsOf(modelId: string): readonly string[] {
    return this.modelSegments.get(modelId) ?? [];
  }

  /** The plugins that declare `activationEvent`, in config order. */
  pluginsFor(activationEvent: string): readonly string[] {
    return this.byActivationEvent.get(activationEvent) ?? [];
  }

  /** The workflows whose trigger is `eventType`. */
  workflowsTriggeredBy(eventType: string): readonly string[] {
    return this.workflowsByTrigger.get(eventType) ?? [];
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}
