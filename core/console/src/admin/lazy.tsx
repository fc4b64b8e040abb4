import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../format.js';

type AdminModule = typeof import('./pages.js');
export type AdminPageName = 'SegmentsPage' | 'PluginsPage' | 'WorkflowsPage' | 'AuditPage' | 'AccessPage' | 'DashboardKpis';

let loading: Promise<AdminModule> | undefined;

/**
 * Renders an admin page from the admin chunk, fetched on first use: the agents' first load (the
 * 300 KB budget) carries neither these pages nor the chart library.
 */
export function AdminPage(props: { name: AdminPageName }) {
  const [module, setModule] = useState<AdminModule | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    loading ??= import('./pages.js');
    loading.then(
      (loaded) => current && setModule(() => loaded),
      (error: unknown) => {
        loading = undefined;
        if (current) setFailure(`This page did not load: ${errorMessage(error)}. Reload to try again.`);
      },
    );
    return () => {
      current = false;
    };
  }, []);
  if (failure)
    return (
      <p class="error" role="alert">
        {failure}
      </p>
    );
  if (!module) return <p class="muted">Loading…</p>;
  const Page = module[props.name];
  return <Page />;
}
