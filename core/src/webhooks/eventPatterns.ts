import { ValidationError } from '@rapport/sdk';

/** An event type (`conversation.resolved`, `acme.tier.changed`), a prefix wildcard (`conversation.*`), or `*`. */
const PATTERN = /^(\*|[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*(\.\*)?)$/i;

/** Checks an endpoint's event patterns; anything else is BAD_USER_INPUT naming `events`. */
export function checkEventPatterns(patterns: readonly string[]): string[] {
  if (patterns.length === 0) {
    throw new ValidationError('events: give at least one event type, e.g. ["conversation.resolved"], ["conversation.*"] or ["*"] for every event.', 'events');
  }
  for (const pattern of patterns) {
    if (!PATTERN.test(pattern)) {
      throw new ValidationError(
        `events: ${JSON.stringify(pattern)} is not an event type or pattern. Use a type such as "conversation.resolved", a prefix such as "conversation.*", or "*".`,
        'events',
      );
    }
  }
  return [...new Set(patterns)];
}

/** Whether `type` is one of `patterns`: `*` is every type, `a.*` every type under `a.`. */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))));
}
