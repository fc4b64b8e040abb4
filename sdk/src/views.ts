import type { Disposable } from './disposable.js';

/**
 * Where the console shows a view (`contributes.views[].location`): on a customer's page, on a
 * conversation's page, or on the dashboard.
 */
export const VIEW_LOCATIONS = ['customer', 'conversation', 'dashboard'] as const;

/** One of the {@link VIEW_LOCATIONS}. */
export type ViewLocation = (typeof VIEW_LOCATIONS)[number];

/**
 * Clean-ups that belong to one rendering of a view. The console disposes the scope when the panel
 * is unmounted or the object it shows changes (another customer), then renders the view again
 * with a new scope.
 */
export interface ViewScope extends Disposable {
  /** Runs `dispose` when the scope is disposed (at once if it already is). Returns a Disposable that unregisters it. */
  onDispose(dispose: () => void): Disposable;
  /** Whether the scope has been disposed: a fetch that comes back later should not touch the element. */
  readonly disposed: boolean;
  /** Runs every registered clean-up, newest first; a second call does nothing. */
  dispose(): void;
}

/**
 * What the console passes to a view's `render(element, props)`.
 *
 * A view runs in the browser with the signed-in user's credential: `graphql` can read and change
 * exactly what that user may, no more. A plugin needs no permission to declare a view, and the
 * view cannot call the plugin's context; it reaches its plugin through the plugin's GraphQL
 * fields.
 */
export interface ViewProps {
  /**
   * The global id of the object the page shows: the customer (`customer`), the conversation
   * (`conversation`); undefined on the dashboard.
   */
  readonly objectId?: string;
  /**
   * Runs a GraphQL operation against the deployment's API as the signed-in user. Resolves with
   * the operation's `data`; rejects with an Error whose message is the first error's message
   * (and whose `errors` holds them all) when the response has errors.
   */
  graphql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<Data>;
  /** Disposed when the panel goes away or the object changes: add timers, listeners and subscriptions to it. */
  readonly scope: ViewScope;
}

/**
 * What `render` may return: nothing, a Disposable, or a clean-up function; the console disposes
 * it with the scope. A promise of one of these is awaited (and its rejection shown as the panel's
 * error).
 */
export type ViewRenderResult = void | Disposable | (() => void);

/**
 * A view's entry module (`contributes.views[].entry`): one self-contained ES module that the
 * console imports in the browser, when the view's location opens. It may not import anything
 * (not even `@rapport/sdk`, whose types it can use): bundle it into one file, as the plugin
 * scaffolder's template does. `Element` is the DOM's `HTMLElement` (the SDK does not depend on
 * the DOM's types): the view owns that element and nothing else of the page; it gets no
 * framework, and may use any it bundles.
 *
 * A view that throws, on import or in `render` (synchronously or in the promise it returns),
 * shows an error box in its own panel; the rest of the console carries on.
 *
 * @example
 * ```js
 * // views/loyalty-panel.js
 * export function render(element, { objectId, graphql, scope }) {
 *   element.textContent = 'Loading…';
 *   graphql('query ($id: ID!) { customer(id: $id) { loyaltyTier { tier } } }', { id: objectId }).then((data) => {
 *     if (!scope.disposed) element.textContent = data.customer?.loyaltyTier?.tier ?? 'No tier yet';
 *   });
 * }
 * ```
 */
export interface ViewModule<Element = unknown> {
  render(element: Element, props: ViewProps): ViewRenderResult | Promise<ViewRenderResult>;
}
