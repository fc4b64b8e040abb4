import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../../access/Authenticator.js';
import type { Principal } from '../../access/Principal.js';
import type { RateDecision, RateLimiter } from '../../access/RateLimiter.js';
import { sendJson } from '../../util/http.js';
import { presentedCredential } from './bearerToken.js';

/** Who a request is from, once it is let in. */
export interface Admission {
  /** Undefined for a request without a credential: it may only use `@anonymous` fields (login). */
  principal?: Principal;
  bearerToken?: string;
  /** The request's id: the caller's `x-request-id` when it is sane, else a new one. */
  requestId: string;
}

/** What admission needs from the services. */
export interface AdmissionServices {
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
}

/**
 * The door of the GraphQL API, before the body is parsed: the credential, then the rate limit.
 * A presented credential that is unknown, revoked, expired or malformed is refused with 401 at
 * once (never treated as anonymous, so a client learns its key stopped working). Each credential
 * has its own budget; callers without one, and failed attempts, share their address's budget, so
 * guessing tokens or passwords is throttled too. Answers the refusals itself and returns
 * undefined for them.
 */
export async function admitRequest(request: IncomingMessage, response: ServerResponse, services: AdmissionServices): Promise<Admission | undefined> {
  const requestId = requestIdOf(request);
  response.setHeader('x-request-id', requestId);
  const presented = presentedCredential(request.headers);
  const addressKey = `address:${request.socket.remoteAddress ?? 'unknown'}`;
  if (presented.kind === 'none') {
    return (await withinBudget(services.rateLimiter, addressKey, response)) ? { requestId } : undefined;
  }
  const principal = presented.kind === 'bearer' ? await services.authenticator.authenticate(presented.token) : undefined;
  if (!principal) {
    if (!(await withinBudget(services.rateLimiter, addressKey, response))) return undefined;
    const reason = presented.kind === 'malformed' ? presented.reason : 'the token is unknown, revoked or expired';
    sendUnauthenticated(response, `Authentication failed: ${reason}. Send "Authorization: Bearer <token>" with a valid API key or the token of login.`);
    return undefined;
  }
  const credentialKey = `${principal.credential.kind}:${principal.credential.id}`;
  if (!(await withinBudget(services.rateLimiter, credentialKey, response))) return undefined;
  return { principal, bearerToken: presented.kind === 'bearer' ? presented.token : undefined, requestId };
}

async function withinBudget(limiter: RateLimiter, key: string, response: ServerResponse): Promise<boolean> {
  const decision = await limiter.consume(key);
  if (decision.allowed) return true;
  sendRateLimited(response, decision);
  return false;
}

/** HTTP 429 with `Retry-After` in whole seconds (contract §9: code RATE_LIMITED). */
export function sendRateLimited(response: ServerResponse, decision: RateDecision): void {
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  sendErrors(response, 429, { 'retry-after': String(seconds) }, {
    message: `Rate limit exceeded for this credential. Retry after ${seconds} s, or spread the requests out (rateLimit in the config).`,
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds },
  });
}

function sendUnauthenticated(response: ServerResponse, message: string): void {
  sendErrors(response, 401, { 'www-authenticate': 'Bearer realm="rapport"' }, { message, extensions: { code: 'UNAUTHENTICATED' } });
}

function sendErrors(response: ServerResponse, status: number, headers: Record<string, string>, error: { message: string; extensions: Record<string, unknown> }): void {
  sendJson(response, status, { errors: [error] }, headers);
}

const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
