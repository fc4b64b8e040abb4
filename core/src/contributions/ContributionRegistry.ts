import {
  Disposable,
  EventEmitter,
  type AftercareWorkflow,
  type ChannelProvider,
  type Event,
  type ResolverMap,
  type ScoringRule,
  type SegmentationModel,
} from '@rapport/sdk';
import type { ContributionField } from './ContributionIndex.js';

/** One live registration: the implementation and the plugin that registered it. */
export interface Registration<T> {
  plugin: string;
  id: string;
  implementation: T;
}

/** What a registration change is about, so listeners (e.g. the GraphQL schema) can rebuild. */
export interface RegistrationChange {
  kind: ContributionField | 'graphql';
  id: string;
  plugin: string;
  change: 'registered' | 'disposed';
}

/** Everything plugins have registered in code and not yet disposed. */
export class ContributionRegistry {
  readonly channels = new Map<string, Registration<ChannelProvider>>();
  readonly scoringRules = new Map<string, Registration<ScoringRule>>();
  readonly segmentationModels = new Map<string, Registration<SegmentationModel>>();
  readonly workflows = new Map<string, Registration<AftercareWorkflow>>();
  /** GraphQL resolver maps by plugin name. */
  readonly resolvers = new Map<string, Registration<ResolverMap>>();

  private readonly changed = new EventEmitter<RegistrationChange>();
  /** Fires after every registration and disposal. */
  readonly onDidChange: Event<RegistrationChange> = this.changed.event;

  /** Adds a registration; disposing the result removes it, if it is still the current one. */
  register<T>(kind: RegistrationChange['kind'], plugin: string, id: string, implementation: T): Disposable {
    const map = this.mapFor(kind) as Map<string, Registration<T>>;
    const registration: Registration<T> = { plugin, id, implementation };
    map.set(id, registration);
    this.changed.fire({ kind, id, plugin, change: 'registered' });
    return Disposable.create(() => {
      if (map.get(id) !== registration) return;
      map.delete(id);
      this.changed.fire({ kind, id, plugin, change: 'disposed' });
    });
  }

  /** The ids a plugin currently has registered in one field. */
  idsOf(kind: RegistrationChange['kind'], plugin: string): string[] {
    return [...this.mapFor(kind).values()].filter((r) => r.plugin === plugin).map((r) => r.id);
  }

  private mapFor(kind: RegistrationChange['kind']): Map<string, Registration<unknown>> {
    return kind === 'graphql' ? this.resolvers : this[kind];
  }
}
