import { createElement, type ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Where the console is served: every client route lives under it, and the server answers index.html for each. */
export const BASE = '/console';

/** A route the console knows, parsed from the path. */
export type Route =
  | { page: 'inbox' }
  | { page: 'conversation'; id: string }
  | { page: 'customers' }
  | { page: 'customer'; id: string }
  | { page: 'dashboard' }
  | { page: AdminRoutePage }
  | { page: 'not-found'; path: string };

/** The admin workbench's pages; the navigation shows them to admins. */
export const ADMIN_PAGES = ['segments', 'plugins', 'workflows', 'audit', 'access'] as const;
export type AdminRoutePage = (typeof ADMIN_PAGES)[number];

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'inbox')) return { page: 'inbox' };
  if (parts[0] === 'conversations' && parts.length === 2) return { page: 'conversation', id: parts[1]! };
  if (parts[0] === 'customers' && parts.length === 1) return { page: 'customers' };
  if (parts[0] === 'customers' && parts.length === 2) return { page: 'customer', id: parts[1]! };
  if (parts[0] === 'dashboard' && parts.length === 1) return { page: 'dashboard' };
  const admin = ADMIN_PAGES.find((page) => page === parts[0]);
  if (admin && parts.length === 1) return { page: admin };
  return { page: 'not-found', path: pathname };
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current route, re-rendered on navigation (links and the browser's back and forward). */
export function useRoute(): Route {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return parseRoute(path);
}

export function conversationPath(id: string): string {
  return `${BASE}/conversations/${encodeURIComponent(id)}`;
}

export function customerPath(id: string): string {
  return `${BASE}/customers/${encodeURIComponent(id)}`;
}

/** An ordinary link (it opens in a new tab, can be copied) that navigates in place on a plain click. */
export function Link(props: { href: string; children: ComponentChildren; class?: string; current?: boolean }) {
  return createElement(
    'a',
    {
      href: props.href,
      class: props.class,
      'aria-current': props.current ? 'page' : undefined,
      onClick: (event: MouseEvent) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.href);
      },
    },
    props.children,
  );
}
