import { AdminPage } from '../admin/lazy.js';
import { useSession } from '../session.js';
import { PluginViews } from '../views/PluginViews.js';

/** The service KPIs as charts (loaded with the admin chunk), then the plugins' dashboard panels. */
export function DashboardPage() {
  const { client } = useSession();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Dashboard</h1>
      <AdminPage name="DashboardKpis" />
      <PluginViews location="dashboard" graphql={client.raw} />
    </section>
  );
}
