import { cleanupOf, type ViewScope } from './viewScope.js';

/** The props a view's `render(element, props)` gets (`ViewProps` in @rapport/sdk). */
export interface ViewProps {
  objectId?: string;
  graphql: (query: string, variables?: Record<string, unknown>) => Promise<unknown>;
  scope: ViewScope;
}

/** Why a module could not be used: shown in the panel as "not available", not as a failure. */
export class ViewUnavailableError extends Error {}

/**
 * Imports a view's module and renders it into `element`. Rejects with what went wrong: the import
 * (a syntax error, a 404 from a plugin turned off since the list was read), a module without
 * `render`, or `render` throwing or rejecting. What `render` returns is disposed with the scope.
 */
export async function loadView(moduleUrl: string, element: HTMLElement, props: ViewProps): Promise<void> {
  let module: { render?: unknown };
  try {
    module = (await import(/* @vite-ignore */ moduleUrl)) as { render?: unknown };
  } catch (error) {
    throw (await unavailableReason(moduleUrl)) ?? error;
  }
  if (props.scope.disposed) return;
  if (typeof module.render !== 'function') {
    throw new Error(`its module ${moduleUrl} does not export a render(element, props) function.`);
  }
  const result: unknown = await (module.render as (element: HTMLElement, props: ViewProps) => unknown)(element, props);
  const cleanup = cleanupOf(result);
  // Disposed while render was running: clean up at once (onDispose runs it immediately).
  if (cleanup) props.scope.onDispose(cleanup);
}

/** The server's reason when the module is refused (404 with JSON), so the panel says "not available" and why. */
async function unavailableReason(moduleUrl: string): Promise<ViewUnavailableError | undefined> {
  try {
    const response = await fetch(moduleUrl, { headers: { accept: 'application/json' } });
    if (response.ok) return undefined;
    const body = (await response.json()) as { error?: string };
    return body.error ? new ViewUnavailableError(body.error) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an uncaught error came from a view's module: its ErrorEvent's file, or its stack,
 * names the module's URL. Errors a view throws later (in a timer, a click handler, a promise it
 * did not return) are then shown in its panel instead of going unnoticed.
 */
export function comesFrom(moduleUrl: string, filename: string | undefined, error: unknown): boolean {
  const absolute = new URL(moduleUrl, location.href).href;
  if (filename && filename.split('?')[0] === absolute) return true;
  const stack = error instanceof Error ? error.stack : undefined;
  return typeof stack === 'string' && stack.includes(absolute);
}
