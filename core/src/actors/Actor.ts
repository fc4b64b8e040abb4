/** Who did something, as the audit log and `me` name them (contract §9: `enum ActorKind`). */
export type ActorKind = 'USER' | 'API_KEY' | 'PLUGIN' | 'SYSTEM';

/** The kinds, in the order the GraphQL enum lists them. */
export const ACTOR_KINDS: readonly ActorKind[] = ['USER', 'API_KEY', 'PLUGIN', 'SYSTEM'];

/**
 * Who acts: a person signed in with `login` (USER, id = the user's id), an integration with an API
 * key (API_KEY, id = the key's name), a plugin (PLUGIN, id = the package name) or the core itself
 * (SYSTEM: migrations, sweeps, the CLI without a credential).
 */
export interface Actor {
  kind: ActorKind;
  id: string;
  /** A readable name: the user's email, the key's name, the plugin's display name. */
  name?: string;
}

/** What made a plugin or the system act: the durable event or the workflow run being handled. */
export interface ActionCause {
  kind: 'event' | 'workflowRun';
  id: string;
}

/** The core acting on its own account. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'SYSTEM', id: 'system', name: 'Rapport' });

/** A plugin acting through its context. */
export function pluginActor(plugin: string): Actor {
  return { kind: 'PLUGIN', id: plugin, name: plugin };
}
