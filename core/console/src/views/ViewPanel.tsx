import { Component, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../format.js';
import { comesFrom, loadView, ViewUnavailableError } from './loadView.js';
import { createViewScope } from './viewScope.js';

/** A view as `consoleViews` lists it. */
export interface ConsoleViewInfo {
  id: string;
  title: string;
  plugin: string;
  state: string;
  available: boolean;
  unavailableReason: string | null;
  moduleUrl: string | null;
}

interface PanelProps {
  view: ConsoleViewInfo;
  objectId?: string;
  graphql: (query: string, variables?: Record<string, unknown>) => Promise<unknown>;
}

/** One plugin's panel: its title, and the view, its error, or why it is not available. */
export function ViewPanel({ view, objectId, graphql }: PanelProps) {
  const headingId = `plugin-view-${view.plugin}-${view.id}`.replace(/[^A-Za-z0-9_-]/g, '-');
  return (
    <section class="card plugin-view" aria-labelledby={headingId} data-plugin-view={`${view.plugin}/${view.id}`}>
      <h2 id={headingId}>{view.title}</h2>
      {view.available && view.moduleUrl ? (
        <PanelBoundary title={view.title}>
          <ViewHost key={`${view.moduleUrl} ${objectId ?? ''}`} title={view.title} moduleUrl={view.moduleUrl} objectId={objectId} graphql={graphql} />
        </PanelBoundary>
      ) : (
        <Unavailable reason={view.unavailableReason} />
      )}
    </section>
  );
}

function Unavailable({ reason }: { reason: string | null }) {
  return (
    <p class="notice" data-view-status="unavailable">
      This panel is not available. {reason ?? ''}
    </p>
  );
}

function Failure({ title, message }: { title: string; message: string }) {
  return (
    <p class="error" role="alert" data-view-status="failed">
      The panel “{title}” failed: {message}
    </p>
  );
}

/** Keeps a failure inside the panel if rendering the host itself throws: the page goes on. */
class PanelBoundary extends Component<{ title: string; children: ComponentChildren }, { error: string | undefined }> {
  override state = { error: undefined as string | undefined };

  static override getDerivedStateFromError(error: unknown) {
    return { error: errorMessage(error) };
  }

  override render() {
    return this.state.error ? <Failure title={this.props.title} message={this.state.error} /> : this.props.children;
  }
}

type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string } | { kind: 'unavailable'; reason: string };

/**
 * Where the plugin's code runs. The plugin gets an element of its own, made here and never
 * rendered by Preact, so neither side's DOM changes disturb the other. Remounted (see the key
 * above) when the object changes: the old scope is disposed, and render runs again.
 */
function ViewHost({ title, moduleUrl, objectId, graphql }: { title: string; moduleUrl: string; objectId?: string; graphql: PanelProps['graphql'] }) {
  const container = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>({ kind: 'loading' });

  useEffect(() => {
    const element = document.createElement('div');
    element.className = 'plugin-view-body';
    container.current!.appendChild(element);
    const scope = createViewScope((error) => console.error(`The panel "${title}" failed while closing:`, error));
    const fail = (error: unknown) => {
      if (scope.disposed) return;
      setStatus(error instanceof ViewUnavailableError ? { kind: 'unavailable', reason: error.message } : { kind: 'failed', message: errorMessage(error) });
      // What the view drew may be half done; its error box replaces it.
      element.replaceChildren();
    };
    // Errors the view throws later, outside render (timers, handlers, promises it did not return).
    const onError = (event: ErrorEvent) => {
      if (comesFrom(moduleUrl, event.filename, event.error)) fail(event.error ?? event.message);
    };
    const onRejection = (event: PromiseRejectionEvent) => {
      if (comesFrom(moduleUrl, undefined, event.reason)) fail(event.reason);
    };
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);

    const props = { objectId, graphql: (query: string, variables?: Record<string, unknown>) => graphql(query, variables), scope };
    loadView(moduleUrl, element, props).then(
      () => !scope.disposed && setStatus((current) => (current.kind === 'loading' ? { kind: 'ready' } : current)),
      fail,
    );
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      scope.dispose();
      element.remove();
    };
  }, [moduleUrl, objectId, graphql, title]);

  return (
    <div ref={container} data-view-status={status.kind === 'failed' || status.kind === 'unavailable' ? undefined : status.kind}>
      {status.kind === 'loading' && <p class="muted">Loading…</p>}
      {status.kind === 'failed' && <Failure title={title} message={status.message} />}
      {status.kind === 'unavailable' && <Unavailable reason={status.reason} />}
    </div>
  );
}
