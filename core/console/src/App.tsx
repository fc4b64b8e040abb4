import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { AdminPage } from './admin/lazy.js';
import { createConsoleClient, login } from './client.js';
import { Layout } from './components/Layout.js';
import { Login, Logout } from './operations.js';
import type { LoginMutation } from './gql/graphql.js';
import { ConversationPage } from './pages/ConversationPage.js';
import { CustomerPage } from './pages/CustomerPage.js';
import { CustomersPage } from './pages/CustomersPage.js';
import { DashboardPage } from './pages/DashboardPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignIn } from './pages/SignIn.js';
import { BASE, navigate, useRoute, type Route } from './router.js';
import { SessionContext, type Session } from './session.js';

const EXPIRED = 'Your session has expired or was revoked. Sign in again.';

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const route = useRoute();
  const current = useRef<Session | null>(null);

  const end = useCallback((message?: string) => {
    current.current?.client.dispose();
    current.current = null;
    setSession(null);
    setNotice(message);
  }, []);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const data = (await login(Login as never, email, password)) as LoginMutation;
      const client = createConsoleClient(data.login.token, () => {
        if (current.current?.client === client) end(EXPIRED);
      });
      const next: Session = {
        user: data.login.user,
        client,
        signOut: () => {
          void client.request(Logout).catch(() => undefined);
          end('You signed out.');
        },
      };
      current.current = next;
      setNotice(undefined);
      setSession(next);
      if (location.pathname === BASE || location.pathname === `${BASE}/`) navigate(`${BASE}/inbox`);
    },
    [end],
  );

  useEffect(() => {
    document.title = `${title(route)} · Rapport console`;
  }, [route]);

  if (!session) return <SignIn onSignIn={signIn} notice={notice} />;
  return (
    <SessionContext.Provider value={session}>
      <Layout route={route}>{page(route)}</Layout>
    </SessionContext.Provider>
  );
}

function page(route: Route) {
  switch (route.page) {
    case 'inbox':
      return <InboxPage />;
    case 'conversation':
      return <ConversationPage key={route.id} id={route.id} />;
    case 'customers':
      return <CustomersPage />;
    case 'customer':
      return <CustomerPage key={route.id} id={route.id} />;
    case 'dashboard':
      return <DashboardPage />;
    case 'segments':
      return <AdminPage name="SegmentsPage" />;
    case 'plugins':
      return <AdminPage name="PluginsPage" />;
    case 'workflows':
      return <AdminPage name="WorkflowsPage" />;
    case 'audit':
      return <AdminPage name="AuditPage" />;
    case 'access':
      return <AdminPage name="AccessPage" />;
    case 'not-found':
      return (
        <section aria-labelledby="page-title">
          <h1 id="page-title">Page not found</h1>
          <p>Nothing lives at {route.path}. Start from the inbox.</p>
        </section>
      );
  }
}

function title(route: Route): string {
  return { inbox: 'Inbox', conversation: 'Conversation', customers: 'Customers', customer: 'Customer', dashboard: 'Dashboard', segments: 'Segments', plugins: 'Plugins', workflows: 'Workflow runs', audit: 'Audit log', access: 'Access', 'not-found': 'Not found' }[route.page];
}
