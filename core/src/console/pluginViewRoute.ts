import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import { resolveViewEntry } from '../plugin-host/checkViews.js';
import { PLUGIN_VIEWS_PATH, pluginViews } from '../plugin-host/pluginViews.js';
import { sendJson, type RouteHandler } from '../util/http.js';
import { consoleSecurityHeaders } from './securityHeaders.js';


/**
 * `GET /console/plugin-views/<plugin name, URL-encoded>/<view id>.js`: the entry module of a view
 * a plugin declares (`contributes.views`), for the console to `import()`.
 *
 * Only declared entries are served, looked up by plugin and view id: no part of the URL reaches
 * the file system, so no path can be asked for. A view whose plugin cannot serve (DISABLED,
 * FAILED, INCOMPATIBLE, MISSING_DEPENDENCY) answers 404 with the reason in JSON, which the
 * console shows as "not available". Modules are revalidated on every load (`no-cache` and an
 * ETag), so a plugin upgraded in place is picked up without stale copies. The module is code
 * anyone may read, as the console's own bundle is; what it can do depends on the credential it
 * is handed in the browser.
 */
export function createPluginViewRoute(host: PluginHost): RouteHandler {
  const prefix = `${PLUGIN_VIEWS_PATH}/`;
  return async (request, response) => {
    const pathname = (request.url ?? '/').split('?')[0]!;
    if (!pathname.startsWith(prefix)) return false;
    // The console's own headers (its policy, nosniff), and revalidation on every load.
    const common = { ...consoleSecurityHeaders(request.headers.host), 'cache-control': 'no-cache' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: `${PLUGIN_VIEWS_PATH} serves GET only.`, code: 'METHOD_NOT_ALLOWED' }, { allow: 'GET, HEAD', ...common });
      return true;
    }
    const address = parseAddress(pathname.slice(prefix.length));
    const view = address && pluginViews(host).find((candidate) => candidate.plugin === address.plugin && candidate.id === address.id);
    if (!address || !view) {
      const asked = address ? `view "${address.id}" of plugin "${address.plugin}"` : `"${pathname}"`;
      sendJson(
        response,
        404,
        { error: `No ${asked}. Query consoleViews for the views of this deployment and their moduleUrl.`, code: 'NOT_FOUND' },
        common,
      );
      return true;
    }
    if (!view.available) {
      sendJson(response, 404, { error: `View "${view.id}" is not available: ${view.unavailableReason}`, code: 'NOT_AVAILABLE', state: view.state }, common);
      return true;
    }
    // Checked again now: the package may have changed on disk since it was loaded.
    const file = resolveViewEntry(view.dir, view.view.entry);
    if (!file) {
      sendJson(
        response,
        404,
        { error: `View "${view.id}" of plugin "${view.plugin}" is not available: its entry ${view.view.entry} is missing from the package.`, code: 'NOT_AVAILABLE', state: view.state },
        common,
      );
      return true;
    }
    const body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const headers = { 'content-type': 'text/javascript; charset=utf-8', etag, ...common };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers).end();
      return true;
    }
    response.writeHead(200, { ...headers, 'content-length': String(body.length) });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/**
 * `<plugin>/<id>.js`. The plugin's name is URL-encoded (`%40acme%2Frapport-loyalty`); a scoped
 * name written with its slash (`@acme/rapport-loyalty`) is accepted too.
 */
function parseAddress(rest: string): { plugin: string; id: string } | undefined {
  const segments = rest.split('/');
  const last = segments.pop();
  if (!last?.endsWith('.js') || segments.length === 0) return undefined;
  try {
    const plugin = segments.map(decodeURIComponent).join('/');
    const id = decodeURIComponent(last.slice(0, -'.js'.length));
    return plugin && id ? { plugin, id } : undefined;
  } catch {
    return undefined;
  }
}
