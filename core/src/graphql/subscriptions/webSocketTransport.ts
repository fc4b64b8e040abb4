import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecutionArgs, GraphQLError as GraphQLErrorType, GraphQLSchema } from 'graphql';
import { CloseCode, type Context, type OperationResult, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../../access/Principal.js';
import type { RateLimiter } from '../../access/RateLimiter.js';
import type { Authenticator } from '../../access/Authenticator.js';
import type { CorsPolicy } from '../../access/CorsPolicy.js';
import { actAs } from '../../actors/acting.js';
import { presentedCredential } from '../access/bearerToken.js';
import { graphql } from '../yogaGraphQL.js';
import { envelopedOperation, type AnyYoga } from './envelopedOperation.js';
import { SERVED_SCHEMA } from './useServedSchema.js';

const { GraphQLError } = graphql;

/** How many operations one WebSocket may run at once; one more is refused with TOO_MANY_SUBSCRIPTIONS. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 50;

/** How long open sockets get to answer the close on shutdown before they are cut. */
const CLOSE_GRACE_MS = 1_000;

/** The close code for a connection over its credential's rate limit (graphql-ws has none of its own). */
const RATE_LIMITED_CLOSE = 4429;

export interface WebSocketTransportOptions {
  path: string;
  yoga: AnyYoga;
  schema: () => Promise<GraphQLSchema>;
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  cors: CorsPolicy;
  /** The largest message a client may send (graphql.limits.maxBodyBytes). */
  maxMessageBytes: number;
  /** Every connection is the given principal, without credentials or rate limits (the benchmarks). */
  withoutAccessControl?: Principal;
}

export interface WebSocketTransport {
  /** Takes an `upgrade` of `path`: true if it was this transport's (answered or refused here). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every socket (1001), cutting those that do not answer within a second. */
  close(): Promise<void>;
}

/** Who a connection is, once `connection_init` let it in. */
interface Admitted {
  principal: Principal;
  token?: string;
  requestId: string;
}

type Extra = { socket: WebSocket; request: IncomingMessage; admitted?: Admitted };
type Ctx = Context<Record<string, unknown> | undefined, Extra>;

/**
 * graphql-ws (the `graphql-transport-ws` protocol) on the WebSocket upgrade of /graphql. A browser
 * cannot set headers on a WebSocket, so the credential comes in `connection_init`'s payload
 * (`{ authorization: "Bearer <token>" }`), or in the upgrade's own Authorization header. Every
 * operation runs through yoga's `getEnveloped`, so the limits, field scopes, error codes and
 * masking of HTTP hold here too.
 *
 * Close codes: 4401 without a credential, 4403 with one that is unknown, revoked, expired or
 * malformed (graphql-ws clients retry 4403, so a client can fetch a new token first), 4429 over
 * the rate limit. The upgrade itself is refused with 403 when it comes from a web origin that is
 * neither the server's own nor allowed by `server.cors.origins` (cross-site WebSocket hijacking).
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const { yoga, authenticator, rateLimiter } = options;
  /** What onSubscribe leaves for execute/subscribe: graphql-ws hands them the arguments it returned. */
  const prepared = new WeakMap<ExecutionArgs, () => OperationResult>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const close = (ctx: Ctx, code: number, reason: string) => {
    ctx.extra.socket.close(code, reason);
    return false as const;
  };

  const admit = async (ctx: Ctx): Promise<Admitted | false> => {
    const requestId = randomUUID();
    if (options.withoutAccessControl) return { principal: options.withoutAccessControl, requestId };
    const given = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? ctx.extra.request.headers.authorization;
    const presented = presentedCredential({ authorization: typeof given === 'string' ? given : given === undefined ? undefined : String(given) });
    const address = `address:${ctx.extra.request.socket.remoteAddress ?? 'unknown'}`;
    if (presented.kind === 'none') {
      return close(ctx, CloseCode.Unauthorized, 'Unauthorized: send {"authorization":"Bearer <token>"} in connection_init');
    }
    const principal = presented.kind === 'bearer' ? await authenticator.authenticate(presented.token) : undefined;
    const budget = await rateLimiter.consume(principal ? `${principal.credential.kind}:${principal.credential.id}` : address);
    if (!budget.allowed) return close(ctx, RATE_LIMITED_CLOSE, `Rate limit exceeded: retry after ${Math.max(1, Math.ceil(budget.retryAfterMs / 1000))} s`);
    if (!principal) return close(ctx, CloseCode.Forbidden, 'Forbidden: the token is unknown, revoked, expired or malformed');
    return { principal, token: presented.kind === 'bearer' ? presented.token : undefined, requestId };
  };

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      async onConnect(ctx) {
        const admitted = await admit(ctx);
        if (!admitted) return false;
        ctx.extra.admitted = admitted;
        return true;
      },
      async onSubscribe(ctx, id, payload) {
        const admitted = ctx.extra.admitted!;
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [refusal(`This connection runs ${MAX_SUBSCRIPTIONS_PER_CONNECTION} operations already, the most one WebSocket may: complete one first, or open another connection.`, 'TOO_MANY_SUBSCRIPTIONS')];
        }
        // Each operation counts against the credential's budget, as a request over HTTP does, and
        // finds out that a key was revoked since the connection opened.
        if (!options.withoutAccessControl && admitted.token !== undefined) {
          const principal = await authenticator.authenticate(admitted.token);
          if (!principal) {
            close(ctx, CloseCode.Forbidden, 'Forbidden: the token was revoked or has expired');
            return [refusal('The credential of this connection was revoked or has expired; connect again with a valid token.', 'UNAUTHENTICATED')];
          }
          const budget = await rateLimiter.consume(`${principal.credential.kind}:${principal.credential.id}`);
          if (!budget.allowed) return [refusal(`Rate limit exceeded for this credential. Retry after ${Math.max(1, Math.ceil(budget.retryAfterMs / 1000))} s.`, 'RATE_LIMITED')];
          admitted.principal = principal;
        }
        return envelopedArgs(ctx, payload, admitted);
      },
      // onSubscribe prepared the operation through yoga; running it is all that is left.
      execute: (args) => prepared.get(args)!(),
      subscribe: (args) => prepared.get(args)!(),
    },
    wss,
  );

  /** The operation as yoga would run it (envelopedOperation.ts), attributed to the connection's credential. */
  async function envelopedArgs(ctx: Ctx, payload: SubscribePayload, admitted: Admitted): Promise<ExecutionArgs | readonly GraphQLErrorType[]> {
    const { principal, token, requestId } = admitted;
    const initialContext = { ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, principal, bearerToken: token, [SERVED_SCHEMA]: await options.schema() };
    const { query, operationName, variables, extensions } = payload;
    const operation = await envelopedOperation(yoga, initialContext, { query, operationName: operationName ?? undefined, variables: variables ?? undefined, extensions: extensions ?? undefined });
    if (operation.kind === 'refused') return operation.result.errors ?? [refusal('The operation was refused.', 'BAD_REQUEST')];
    // Everything an operation writes is attributed to the connection's credential (audit).
    const args = { ...operation.args };
    prepared.set(args, () => actAs({ actor: principal.actor, requestId }, operation.run) as OperationResult);
    return args;
  }

  return {
    handleUpgrade(request, socket, head) {
      const path = (request.url ?? '/').split('?')[0];
      if (path !== options.path) return false;
      const origin = request.headers.origin;
      if (origin !== undefined && !sameOrigin(origin, request.headers.host) && options.cors.grantFor(origin) === 'none') {
        const body = 'This origin may not open a WebSocket to the API. The operator lists the origins that may in server.cors.origins.';
        socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`, () => socket.destroy());
        return true;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
      return true;
    },
    async close() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      const cut = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(cut);
    },
  };
}

function refusal(message: string, code: string): GraphQLErrorType {
  return new GraphQLError(message, { extensions: { code } });
}

/** Whether a page's origin is this server's own: same host and port as the request's Host. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === new URL(`http://${host}`).host || new URL(origin).host === new URL(`https://${host}`).host;
  } catch {
    return false;
  }
}
