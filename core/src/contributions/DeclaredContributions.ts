import { injectable } from 'inversify';
import {
  parseDuration,
  REGISTERED_CONTRIBUTION_KINDS,
  serviceToken,
  type ChannelAddressKind,
  type ContributionField,
  type Permission,
  type PluginManifest,
} from '@rapport/sdk';

/** A plugin that could not be indexed because another one already contributes the same id. */
export interface ContributionConflict {
  plugin: string;
  message: string;
}

/**
 * What every plugin declares, read from the manifests alone before any plugin code runs: which
 * plugin owns each channel, rule, model and workflow, which plugins wait for each activation
 * event, and what each plugin is permitted. The plugin host fills it when it loads the config;
 * everything that calls plugins reads it (whom to activate for a channel, which workflows an event
 * triggers, which segments a model may assign, whether a rule may read interactions).
 */
export interface DeclaredContributions {
  /** Forgets every plugin (a new load). */
  clear(): void;
  /**
   * Indexes a plugin. Returns a conflict, and indexes nothing, when one of its ids is already
   * contributed by an earlier plugin: the first one in the config file wins.
   */
  add(manifest: PluginManifest, manifestFile: string): ContributionConflict | undefined;
  /** The plugin that contributes `id` in `field`, if any. */
  ownerOf(field: ContributionField, id: string): string | undefined;
  /** Every contribution declared in `field`, with its plugin, in config order. */
  declaredIn(field: ContributionField): readonly { id: string; plugin: string }[];
  /** Which identity of a customer a channel delivers to (`contributes.channels[].address`). */
  channelAddress(channelId: string): ChannelAddressKind | undefined;
  /** How long a channel's reply window stays open after the customer's last message, in ms (`contributes.channels[].replyWindow`). */
  channelReplyWindowMs(channelId: string): number | undefined;
  /** Whether a channel declares `templates: true`. */
  channelTakesTemplates(channelId: string): boolean;
  /** The segments a segmentation model declares (`contributes.segmentationModels[].segments`). */
  segmentsOf(modelId: string): readonly string[];
  /** The plugins that declare `activationEvent`, in config order. */
  pluginsFor(activationEvent: string): readonly string[];
  /** The workflows whose trigger is `eventType`. */
  workflowsTriggeredBy(eventType: string): readonly string[];
  /** Whether a plugin's manifest grants a permission, for core code that acts on its behalf. */
  hasPermission(plugin: string, permission: Permission): boolean;
  /** The `displayName` a contribution declares (e.g. a bot's, shown beside its replies), if any. */
  displayNameOf(field: ContributionField, id: string): string | undefined;
}

/** The container token of {@link DeclaredContributions}. */
export const DeclaredContributions = serviceToken<DeclaredContributions>('rapport.core.DeclaredContributions');

/** {@link DeclaredContributions} in memory, rebuilt at every load. */
@injectable()
export class ManifestIndex implements DeclaredContributions {
  private readonly owners = new Map<string, string>();
  private readonly byActivationEvent = new Map<string, string[]>();
  private readonly workflowsByTrigger = new Map<string, string[]>();
  private readonly channelAddresses = new Map<string, ChannelAddressKind>();
  private readonly channelReplyWindows = new Map<string, number>();
  private readonly templateChannels = new Set<string>();
  private readonly modelSegments = new Map<string, readonly string[]>();
  private readonly permissions = new Map<string, ReadonlySet<Permission>>();
  private readonly displayNames = new Map<string, string>();

  clear(): void {
    for (const map of [this.displayNames, this.owners, this.byActivationEvent, this.workflowsByTrigger, this.channelAddresses, this.channelReplyWindows, this.templateChannels, this.modelSegments, this.permissions]) map.clear();
  }

  add(manifest: PluginManifest, manifestFile: string): ContributionConflict | undefined {
    const contributes = manifest.rapport.contributes ?? {};
    // Views are left out: their ids are unique within their plugin only, and nothing activates for them.
    for (const { field, noun } of REGISTERED_CONTRIBUTION_KINDS) {
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
    for (const { field } of REGISTERED_CONTRIBUTION_KINDS) {
      for (const { id, displayName } of (contributes[field] ?? []) as { id: string; displayName?: string }[]) {
        this.owners.set(`${field}:${id}`, manifest.name);
        if (displayName) this.displayNames.set(`${field}:${id}`, displayName);
      }
    }
    for (const channel of contributes.channels ?? []) {
      this.channelAddresses.set(channel.id, channel.address ?? 'handle');
      // The manifest schema has checked the duration's form already.
      if (channel.replyWindow) this.channelReplyWindows.set(channel.id, parseDuration(channel.replyWindow, 'replyWindow'));
      if (channel.templates) this.templateChannels.add(channel.id);
    }
    for (const model of contributes.segmentationModels ?? []) this.modelSegments.set(model.id, [...model.segments]);
    for (const workflow of contributes.workflows ?? []) {
      if (workflow.trigger) push(this.workflowsByTrigger, workflow.trigger, workflow.id);
    }
    for (const event of manifest.rapport.activationEvents) push(this.byActivationEvent, event, manifest.name);
    this.permissions.set(manifest.name, new Set(manifest.rapport.permissions ?? []));
    return undefined;
  }

  ownerOf(field: ContributionField, id: string): string | undefined {
    return this.owners.get(`${field}:${id}`);
  }

  declaredIn(field: ContributionField): readonly { id: string; plugin: string }[] {
    const prefix = `${field}:`;
    // Map order is insertion order, and plugins are added in config order.
    return [...this.owners].filter(([key]) => key.startsWith(prefix)).map(([key, plugin]) => ({ id: key.slice(prefix.length), plugin }));
  }

  channelAddress(channelId: string): ChannelAddressKind | undefined {
    return this.channelAddresses.get(channelId);
  }

  channelReplyWindowMs(channelId: string): number | undefined {
    return this.channelReplyWindows.get(channelId);
  }

  channelTakesTemplates(channelId: string): boolean {
    return this.templateChannels.has(channelId);
  }

  segmentsOf(modelId: string): readonly string[] {
    return this.modelSegments.get(modelId) ?? [];
  }

  pluginsFor(activationEvent: string): readonly string[] {
    return this.byActivationEvent.get(activationEvent) ?? [];
  }

  workflowsTriggeredBy(eventType: string): readonly string[] {
    return this.workflowsByTrigger.get(eventType) ?? [];
  }

  displayNameOf(field: ContributionField, id: string): string | undefined {
    return this.displayNames.get(`${field}:${id}`);
  }

  hasPermission(plugin: string, permission: Permission): boolean {
    return this.permissions.get(plugin)?.has(permission) ?? false;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}
