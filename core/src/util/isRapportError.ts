import type { RapportErrorCode } from '@rapport/sdk';

/**
 * Every RapportError code. A thrown error is matched by its code rather than by `instanceof`, so
 * a plugin resolver's error from its own copy of `@rapport/sdk` keeps its code too.
 */
const RAPPORT_CODES: ReadonlySet<string> = new Set<RapportErrorCode>([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'DELIVERY_FAILED',
  'CHANNEL_WINDOW_CLOSED',
  'PERMISSION_DENIED',
  'CONFLICT',
  'UNAUTHENTICATED',
  'CONFIG_INVALID',
  'PLUGIN_LOAD_ERROR',
  'PLUGIN_INCOMPATIBLE',
  'MANIFEST_INVALID',
  'SETTINGS_INVALID',
  'CONTRIBUTION_MISMATCH',
  'PLUGIN_NOT_ACTIVE',
  'TIMEOUT',
  'NOT_AVAILABLE',
]);

/** An error raised on purpose: a RapportError, or anything shaped like one. */
export function isRapportError(error: unknown): error is Error & { code: RapportErrorCode; field?: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && RAPPORT_CODES.has((error as unknown as { code: string }).code);
}
