import type { PluginState, ViewContribution, ViewLocation } from '@rapport/sdk';
import { redactServerPaths } from '../util/redactServerPaths.js';
import type { PluginHost } from './PluginHost.js';

/** Where the console loads view modules from: `GET /console/plugin-views/<plugin, URL-encoded>/<view id>.js`. */
export const PLUGIN_VIEWS_PATH = '/console/plugin-views';

/** A view of the deployment, with whether the console can show it now. */
export interface PluginView {
  id: string;
  title: string;
  location: ViewLocation;
  plugin: string;
  state: PluginState;
  available: boolean;
  /** Why it cannot be shown, for a person to read; null when available. */
  unavailableReason: string | null;
  /** The URL path of its module; null when unavailable. */
  moduleUrl: string | null;
  /** The declaration, and its plugin's directory: what the module route serves. */
  view: ViewContribution;
  dir: string;
}

/** The states in which a view can work: its plugin's GraphQL fields activate an INSTALLED plugin on first use. */
const SERVING: ReadonlySet<PluginState> = new Set<PluginState>(['INSTALLED', 'ACTIVE']);

/** The URL path of a view's module. */
export function viewModulePath(plugin: string, viewId: string): string {
  return `${PLUGIN_VIEWS_PATH}/${encodeURIComponent(plugin)}/${encodeURIComponent(viewId)}.js`;
}

/**
 * Every view the deployment's plugins declare, in config order, with whether it can be shown now.
 * Read from the manifests and the plugins' states at each call, so it follows setPluginEnabled at
 * once; `Query.consoleViews` and the module route both read it, so they never disagree.
 */
export function pluginViews(host: PluginHost): PluginView[] {
  return host.viewContributions().flatMap(({ plugin, dir, views }) => {
    const { state, error } = host.status(plugin);
    const available = SERVING.has(state);
    // The plugin's error may name server paths (a module not found): the operator's log has them, not the API.
    const reason = available ? null : `Plugin "${plugin}" is ${state}${error ? `: ${redactServerPaths(error)}` : '.'}`;
    return views.map((view) => ({
      id: view.id,
      title: view.title,
      location: view.location,
      plugin,
      state,
      available,
      unavailableReason: reason,
      moduleUrl: available ? viewModulePath(plugin, view.id) : null,
      view,
      dir,
    }));
  });
}
