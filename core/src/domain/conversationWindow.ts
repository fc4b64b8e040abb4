import { serviceToken } from '@rapport/sdk';

/** How long an open conversation stays joinable without activity, by default (`conversations.window`). */
export const DEFAULT_CONVERSATION_WINDOW_MS = 3 * 86_400_000;

/** The container token of the deployment's conversation window, in milliseconds. */
export const ConversationWindowMs = serviceToken<number>('rapport.core.ConversationWindowMs');
