import { injectable } from 'inversify';
import {
  Disposable,
  EventEmitter,
  serviceToken,
  type Annotator,
  type Bot,
  type ChannelProvider,
  type RegisteredContributionField,
  type CustomerDataHandler,
  type Event,
  type ResolverMap,
  type RuleSegmentationModel,
  type ScoringRule,
  type SegmentationModel,
  type Workflow,
} from '@rapport/sdk';

/** One live registration: the implementation and the plugin that registered it. */
export interface Registration<T> {
  plugin: string;
  id: string;
  implementation: T;
}

/** What a registration change is about, so listeners (the GraphQL schema, the evaluator) can follow. */
export interface RegistrationChange {
  kind: RegisteredContributionField | 'graphql';
  id: string;
  plugin: string;
  change: 'registered' | 'disposed';
}

/**
 * Everything plugins have registered in code and not yet disposed, by contribution kind. The
 * plugin contexts write it; the channels, the evaluator, the workflow engine, privacy requests
 * and the GraphQL layer read it.
 */
export interface ContributionRegistry {
  readonly channels: ReadonlyMap<string, Registration<ChannelProvider>>;
  readonly scoringRules: ReadonlyMap<string, Registration<ScoringRule>>;
  /** Both forms: classified in code, or rule trees (segments/RuleModels follows those). */
  readonly segmentationModels: ReadonlyMap<string, Registration<SegmentationModel | RuleSegmentationModel>>;
  readonly workflows: ReadonlyMap<string, Registration<Workflow>>;
  /** What plugins keep about customers, for privacy requests (privacy/). */
  readonly customerData: ReadonlyMap<string, Registration<CustomerDataHandler>>;
  /** Bots by id; the deployment's `bots` config puts them on channels (bots/). */
  readonly bots: ReadonlyMap<string, Registration<Bot>>;
  /** Annotators of inbound messages, run before each is stored (annotations/). */
  readonly annotators: ReadonlyMap<string, Registration<Annotator>>;
  /** GraphQL resolver maps by plugin name. */
  readonly resolvers: ReadonlyMap<string, Registration<ResolverMap>>;
  /** Fires after every registration and disposal. */
  readonly onDidChange: Event<RegistrationChange>;
  /** Adds a registration; disposing the result removes it, if it is still the current one. */
  register<T>(kind: RegistrationChange['kind'], plugin: string, id: string, implementation: T): Disposable;
}

/** The container token of the {@link ContributionRegistry}. */
export const ContributionRegistry = serviceToken<ContributionRegistry>('rapport.core.ContributionRegistry');

/** The {@link ContributionRegistry} of one process: registrations live as long as their plugin is active. */
@injectable()
export class InMemoryContributionRegistry implements ContributionRegistry {
  readonly channels = new Map<string, Registration<ChannelProvider>>();
  readonly scoringRules = new Map<string, Registration<ScoringRule>>();
  readonly segmentationModels = new Map<string, Registration<SegmentationModel | RuleSegmentationModel>>();
  readonly workflows = new Map<string, Registration<Workflow>>();
  readonly customerData = new Map<string, Registration<CustomerDataHandler>>();
  readonly bots = new Map<string, Registration<Bot>>();
  readonly annotators = new Map<string, Registration<Annotator>>();
  readonly resolvers = new Map<string, Registration<ResolverMap>>();

  private readonly changed = new EventEmitter<RegistrationChange>();
  readonly onDidChange: Event<RegistrationChange> = this.changed.event;

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

  private mapFor(kind: RegistrationChange['kind']): Map<string, Registration<unknown>> {
    return kind === 'graphql' ? this.resolvers : this[kind];
  }
}
