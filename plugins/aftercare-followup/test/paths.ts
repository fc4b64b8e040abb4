import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The plugin's package directory, loaded by path as a config or test host would. */
export const PLUGIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The fixture chat channel the surveys go out on. */
export const CHAT_CHANNEL_DIR = path.join(PLUGIN_DIR, 'test', 'fixtures', 'channel-chat');
/** The package names, as in settings and plugin statuses. */
export const PLUGIN = '@rapport/plugin-aftercare-followup';
export const CHAT_CHANNEL = '@fixtures/aftercare-chat-channel';
