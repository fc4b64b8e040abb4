/**
 * The version of the plugin API that this SDK describes.
 *
 * The plugin host checks every plugin's `engines.rapport` range against this value with
 * `semver.satisfies` before it loads any of the plugin's code; a plugin whose range does not
 * match is marked `INCOMPATIBLE` and never imported.
 *
 * @example
 * ```json
 * { "engines": { "rapport": "^1.0.0" } }
 * ```
 */
export const API_VERSION = '1.7.0';
