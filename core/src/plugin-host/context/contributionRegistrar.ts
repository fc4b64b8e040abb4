import {
  ContributionMismatchError,
  Disposable,
  registeredContributionKind,
  parseDuration,
  requirementOf,
  type RegisteredContributionField,
  type Duration,
  type ResolverMap,
} from '@rapport/sdk';
import type { ContributionRegistry } from '../../contributions/ContributionRegistry.js';
import type { MemberCheck } from '../../contributions/permissionGuard.js';
import { closestId } from './closestId.js';
import type { ContextOwner } from './ContextOwner.js';

/** One plugin's registrations through its context: checked, recorded, disposed with the plugin. */
export interface ContributionRegistrar {
  /** Registers a contribution of a kind, checking what the SDK's contribution-kind table says. */
  register(field: RegisteredContributionField, id: string, implementation: unknown): Disposable;
  /** Registers the plugin's GraphQL resolvers (`contributes.graphql`). */
  registerResolvers(resolvers: ResolverMap): Disposable;
  /** Records a registration made elsewhere (an event subscription), to be disposed with the plugin. */
  track(field: string, id: string, disposable: Disposable): Disposable;
  /** The ids registered so far in a field. */
  registeredIds(field: string): string[];
  /** Every live registration, newest first: the order to dispose them in. */
  registrations(): Disposable[];
}

/**
 * The registrations of one plugin context. A contribution registered in code must be declared in
 * the manifest (the reverse is checked when `activate()` ends); the permission it needs, and how
 * it is named in messages, come from `CONTRIBUTION_KINDS`.
 */
export function contributionRegistrar(owner: ContextOwner, registry: ContributionRegistry, check: MemberCheck): ContributionRegistrar {
  const { name } = owner;
  const contributes = owner.manifest.rapport.contributes ?? {};
  const live: Disposable[] = [];
  const registered = new Map<string, Set<string>>();

  const track = (field: string, id: string, disposable: Disposable): Disposable => {
    const ids = registered.get(field) ?? new Set<string>();
    ids.add(id);
    registered.set(field, ids);
    const tracked = Disposable.create(async () => {
      ids.delete(id);
      await disposable.dispose();
    });
    live.push(tracked);
    return tracked;
  };

  return {
    track,
    register(field, id, implementation) {
      const kind = registeredContributionKind(field);
      const [namespace, method] = kind.register.split('.') as [string, string];
      const operation = `${kind.register}("${id}")`;
      check(operation, requirementOf(namespace, method)!);
      checkReevaluationPeriod(implementation, `reevaluateEvery of ${kind.noun} "${id}"`);
      const declared = (contributes[field] ?? []).map((contribution) => contribution.id);
      if (!declared.includes(id)) {
        const closest = closestId(id, declared);
        throw new ContributionMismatchError(
          name,
          `rapport.contributes.${field}`,
          id,
          `Plugin "${name}" registered ${kind.noun} "${id}" in code, but rapport.contributes.${field} in ${owner.manifestFile} ` +
            `does not declare it. ${closest ? `Did you mean "${closest}", which it declares? ` : ''}` +
            `Add { "id": "${id}" } to rapport.contributes.${field}, or stop registering it.`,
        );
      }
      return track(field, id, registry.register(field, name, id, implementation));
    },
    registerResolvers(resolvers) {
      check('graphql.registerResolvers()', requirementOf('graphql', 'registerResolvers')!);
      if (!contributes.graphql) {
        throw new ContributionMismatchError(
          name,
          'rapport.contributes.graphql',
          'resolvers',
          `Plugin "${name}" registered GraphQL resolvers, but rapport.contributes.graphql in ${owner.manifestFile} ` +
            'names no schema file. Add "graphql": "schema.graphql" to rapport.contributes, or stop registering resolvers.',
        );
      }
      return track('graphql', name, registry.register('graphql', name, name, resolvers));
    },
    registeredIds: (field) => [...(registered.get(field) ?? [])],
    registrations: () => [...live].reverse(),
  };
}

/** A period that cannot be read fails the registration (and so the activation), naming it. */
function checkReevaluationPeriod(contribution: unknown, field: string): void {
  const period = (contribution as { reevaluateEvery?: unknown } | null)?.reevaluateEvery;
  if (period === undefined) return;
  parseDuration(period as Duration, field);
}
