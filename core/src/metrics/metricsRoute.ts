import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type RouteHandler } from '../util/http.js';
import type { Metrics, RouteFamily } from './Metrics.js';

/** The path Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: the Prometheus text of `metrics`, for a request bearing `token`
 * (`metrics.token` or `RAPPORT_METRICS_TOKEN`). Without a token the route is off and answers 404,
 * so a deployment that did not ask for metrics shows nothing; a wrong or missing bearer gets 401.
 */
export function createMetricsRoute(metrics: Metrics, token: string | undefined): RouteHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (request, response) => {
    if ((request.url ?? '/').split('?')[0] !== METRICS_PATH) return false;
    if (expected === undefined) {
      sendJson(response, 404, { error: 'Metrics are off. Set metrics.token in rapport.config.json (or RAPPORT_METRICS_TOKEN) and scrape with Authorization: Bearer <token>.' });
      return true;
    }
    if (request.method !== 'GET') {
      sendJson(response, 405, { error: `${METRICS_PATH} answers GET only.` }, { allow: 'GET' });
      return true;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
    if (bearer === undefined || !timingSafeEqual(digest(bearer), expected)) {
      sendJson(response, 401, { error: `${METRICS_PATH} needs Authorization: Bearer <metrics.token>, the token set in rapport.config.json or RAPPORT_METRICS_TOKEN.` }, { 'www-authenticate': 'Bearer' });
      return true;
    }
    await sendScrape(metrics, response);
    return true;
  };
}

async function sendScrape(metrics: Metrics, response: ServerResponse): Promise<void> {
  const text = await metrics.scrape();
  response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  response.end(text);
}

/** Compared as hashes, so the comparison takes as long whatever the token's length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The family of a request's path: the series are by family, never by path, which clients choose. */
export function routeFamily(request: IncomingMessage): RouteFamily {
  const path = (request.url ?? '/').split('?')[0]!;
  if (path === '/graphql' || path.startsWith('/graphql/')) return 'graphql';
  if (path.startsWith('/channels/')) return 'channels';
  if (path === '/console' || path.startsWith('/console/')) return 'console';
  return 'other';
}
