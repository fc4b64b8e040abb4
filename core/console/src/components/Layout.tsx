import type { ComponentChildren } from 'preact';
import { BASE, Link, type Route } from '../router.js';
import { useSession } from '../session.js';

const NAV: { href: string; label: string; pages: Route['page'][] }[] = [
  { href: `${BASE}/inbox`, label: 'Inbox', pages: ['inbox', 'conversation'] },
  { href: `${BASE}/customers`, label: 'Customers', pages: ['customers', 'customer'] },
  { href: `${BASE}/dashboard`, label: 'Dashboard', pages: ['dashboard'] },
];

/** Shown to admins only: the pages need scopes (access:manage, audit:read, plugins:manage) agents lack. */
const ADMIN_NAV: { href: string; label: string; pages: Route['page'][] }[] = [
  { href: `${BASE}/segments`, label: 'Segments', pages: ['segments'] },
  { href: `${BASE}/plugins`, label: 'Plugins', pages: ['plugins'] },
  { href: `${BASE}/workflows`, label: 'Workflow runs', pages: ['workflows'] },
  { href: `${BASE}/audit`, label: 'Audit log', pages: ['audit'] },
  { href: `${BASE}/access`, label: 'Access', pages: ['access'] },
];

/** The frame of every signed-in page: a skip link, the header, the left navigation and the page. */
export function Layout(props: { route: Route; children: ComponentChildren }) {
  const { user, signOut } = useSession();
  return (
    <div class="frame">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Rapport</span>
        <span class="who">
          Signed in as {user.displayName || user.email} ({user.role.toLowerCase()})
        </span>
        <button type="button" class="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav class="side" aria-label="Console">
        <ul>
          {[...NAV, ...(user.role === 'ADMIN' ? ADMIN_NAV : [])].map((item) => (
            <li key={item.href}>
              <Link href={item.href} current={item.pages.includes(props.route.page)}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
