import type { PluginManifest } from '@rapport/sdk';

/** The plugin facts a context is built from. */
export interface ContextOwner {
  name: string;
  version: string;
  manifest: PluginManifest;
  manifestFile: string;
  settings: Record<string, unknown>;
  /** The file the settings came from, for errors. */
  settingsFile: string;
  /** The value a declared dependency's `activate()` returned (the host knows). */
  exportsOf(dependency: string): unknown;
}
