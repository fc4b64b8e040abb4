import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { createYoga, type YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Disposable } from '@rapport/sdk';
import { DEFAULT_GRAPHQL_OPTIONS } from '../access/GraphQLOptions.js';
import type { Principal } from '../access/Principal.js';
import { ROLE_SCOPES } from '../access/scopes.js';
import { actAs } from '../actors/acting.js';
import { SYSTEM_ACTOR } from '../actors/Actor.js';
import { CorsPolicy } from '../access/CorsPolicy.js';
import { admitRequest, type Admission } from './access/admitRequest.js';
import { forcesPreflight, sendPreflightRequired } from './access/csrfPrevention.js';
import { useFieldScopes } from './access/useFieldScopes.js';
import { createCoreResolvers } from './coreResolvers.js';
import { useErrorCodes } from './errorCodes.js';
import { useOperationMetrics } from '../metrics/useOperationMetrics.js';
import { answeringFailures, createMaskError } from './errors.js';
import { useCompiledExecution } from './execution/useCompiledExecution.js';
import { createContext } from './GraphQLContext.js';
import { GraphiQLPage } from './graphiql/GraphiQLPage.js';
import type { GraphQLServices } from './GraphQLServices.js';
import { limitPlugins } from './limits/limitPlugins.js';
import { boundedParserCaches } from './parserCaches.js';
import { useCompression } from './transport/useCompression.js';
import { useConditionalGet } from './transport/useConditionalGet.js';
import { usePersistedOperationList } from './transport/usePersistedOperationList.js';
import { SchemaAssembler } from './plugins/SchemaAssembler.js';
import { GRAPHQL_STREAM_METHODS, GRAPHQL_STREAM_PATH, refuseAnonymousStream, useGraphQLStream } from './subscriptions/graphqlStream.js';
import { createSubscriptionBus } from './subscriptions/subscriptionPubSub.js';
import { bridgeEventsToTopics } from './subscriptions/subscriptionTopics.js';
import { useServedSchema } from './subscriptions/useServedSchema.js';
import { createWebSocketTransport } from './subscriptions/webSocketTransport.js';
import { traceRootFields, useTracing } from '../tracing/useTracing.js';

/** The path of the GraphQL API (docs/configuration.md, HTTP). */
export const GRAPHQL_PATH = '/graphql';

export interface GraphQLServer {
  /**
   * Serves `GET`/`POST /graphql` (and GraphiQL for browsers) and graphql-sse on `/graphql/stream`;
   * true if the request was handled here.
   */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /**
   * Takes an HTTP `upgrade` of /graphql to a graphql-ws WebSocket (subscriptions/webSocketTransport.ts);
   * false for any other path, which the caller answers.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * The schema served now, rebuilt if plugins changed. Calling it after the plugin host has
   * started surfaces plugin schema conflicts at startup instead of at the first request.
   */
  schema(): Promise<GraphQLSchema>;
  /**
   * Runs one operation in process, as a POST to /graphql would, as `principal` (by default the
   * system with every scope: the test host uses it to act as the deployment's operator).
   */
  execute(query: string, variables?: Record<string, unknown>, principal?: Principal): Promise<{ data?: unknown; errors?: unknown[] }>;
  /** The operations compiled for the schema served now (useCompiledExecution.ts): for tests of its bounds. */
  compiledOperations(): Promise<{ count: number; chars: number }>;
  /** Stops feeding subscriptions, closes open WebSockets and Redis connections, and disposes the server. */
  close(): Promise<void>;
}

/**
 * The GraphQL API (docs/graphql.md) on graphql-yoga: queries and mutations over GET and POST
 * (GraphQL over HTTP, including `application/graphql-response+json`), subscriptions over SSE,
 * graphql-sse and graphql-ws (docs/graphql-subscriptions.md), and a schema that follows the
 * plugins (see SchemaAssembler).
 */
export function createGraphQLServer(services: GraphQLServices): GraphQLServer {
  // In process, or through Redis with redis.url, so every instance's subscribers get every event.
  const subscriptionBus = createSubscriptionBus(services.redis, services.logger);
  const pubSub = subscriptionBus.pubSub;
  const assembler = new SchemaAssembler(services, traceRootFields(createCoreResolvers(pubSub)));
  const markDirty = () => assembler.markDirty();
  const subscriptions: Disposable[] = [
    services.registry.onDidChange((change) => {
      if (change.kind === 'graphql') markDirty();
    }),
    services.events.subscribe('plugin.activated', markDirty),
    services.events.subscribe('plugin.deactivated', markDirty),
    services.events.subscribe('plugin.failed', markDirty),
    ...bridgeEventsToTopics(services.events, pubSub, services.conversations),
  ];

  const compiledExecution = useCompiledExecution();
  const options = services.graphql ?? DEFAULT_GRAPHQL_OPTIONS;
  const cors = new CorsPolicy(services.cors);
  const graphiql = new GraphiQLPage({ title: 'Rapport GraphQL', endpoint: GRAPHQL_PATH, ...(services.graphiqlHeaders && { headers: services.graphiqlHeaders }) });
  const yoga = createYoga({
    // The schema comes from useServedSchema (first of the plugins): yoga's `schema` option serves
    // only the operations yoga parses itself, not graphql-sse's or graphql-ws's.
    graphqlEndpoint: GRAPHQL_PATH,
    // Both are answered before yoga sees the request: CORS from the allowlist (yoga's own echoes
    // any origin, with credentials) and GraphiQL from the installed package (yoga's uses a CDN).
    cors: false,
    graphiql: false,
    landingPage: false,
    parserAndValidationCache: boundedParserCaches(),
    maskedErrors: { maskError: createMaskError(services.logger), errorMessage: 'Unexpected error.', isDev: false },
    logging: yogaLogger(services.logger),
    context: ({ principal, bearerToken }: { principal?: Principal; bearerToken?: string }) => ({ ...createContext(services), principal, bearerToken }),
    // The limits first: a request over one is refused before anything else looks at it. Compiled
    // execution last: it only replaces how an operation that passed every check runs.
    // The answer's ETag is the hash of what it says, so it is taken before compression.
    plugins: [
      useServedSchema(() => assembler.current()),
      useTracing(),
      ...limitPlugins(options),
      useGraphQLStream(options.limits.maxBodyBytes),
      useFieldScopes(),
      useErrorCodes(),
      useOperationMetrics(services.metrics),
      compiledExecution,
      useDeferStream(),
      ...(options.persistedOperations ? usePersistedOperationList(options.persistedOperations) : []),
      useConditionalGet(),
      useCompression(),
    ],
    // yoga's own body limit (25 MB) wraps every request's body in a TransformStream, Content-Length
    // or not: a stream pipeline, an AbortSignal and a DOMException per request, trivial ones too.
    // useBodyLimit (limitPlugins) refuses sooner, so yoga's stays off while ours is the tighter of
    // the two; a deployment allowing more than yoga's keeps yoga's as it was.
    ...(options.limits.maxBodyBytes <= YOGA_MAX_BODY_BYTES && { maxRequestBodySize: false as const }),
  });

  const webSockets = createWebSocketTransport({
    path: GRAPHQL_PATH,
    yoga,
    schema: () => assembler.current(),
    authenticator: services.authenticator,
    rateLimiter: services.rateLimiter,
    cors,
    maxMessageBytes: options.limits.maxBodyBytes,
    ...(services.withoutAccessControl && { withoutAccessControl: SYSTEM_PRINCIPAL }),
  });

  return {
    async handle(request, response) {
      const path = (request.url ?? '/').split('?')[0];
      if (path !== GRAPHQL_PATH && path !== GRAPHQL_STREAM_PATH) return false;
      if (cors.answerPreflight(request, response, path === GRAPHQL_PATH ? ['GET', 'POST'] : GRAPHQL_STREAM_METHODS)) return true;
      cors.decorate(request, response);
      // The GraphiQL page is open to all; the operations it sends carry their own credential.
      if (path === GRAPHQL_PATH && GraphiQLPage.isRequestedBy(request)) {
        await graphiql.serve(request, response);
        return true;
      }
      if (!forcesPreflight(request.headers)) {
        sendPreflightRequired(response);
        return true;
      }
      const admission: Partial<Admission> | undefined = services.withoutAccessControl ? { principal: SYSTEM_PRINCIPAL } : await answeringFailures(response, services.logger, () => admitRequest(request, response, services));
      if (!admission) return true;
      const { principal, bearerToken, requestId } = admission;
      if (!principal && path === GRAPHQL_STREAM_PATH) return refuseAnonymousStream(response);
      // Everything the operation writes is attributed to the caller (audit), whatever service writes it.
      await actAs({ actor: principal?.actor ?? SYSTEM_ACTOR, requestId }, () =>
        (yoga.requestListener as (...args: unknown[]) => Promise<void>)(request, response, { principal, bearerToken }),
      );
      return true;
    },
    handleUpgrade: (request, socket, head) => webSockets.handleUpgrade(request, socket, head),
    schema: () => assembler.current(),
    async execute(query, variables, principal = SYSTEM_PRINCIPAL) {
      const response = await actAs({ actor: principal.actor }, () =>
        yoga.fetch(
          `http://localhost${GRAPHQL_PATH}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
            body: JSON.stringify({ query, variables }),
          },
          { principal },
        ),
      );
      return (await response.json()) as { data?: unknown; errors?: unknown[] };
    },
    async compiledOperations() {
      const cache = compiledExecution.cacheOf(await assembler.current());
      return { count: cache?.size ?? 0, chars: cache?.totalChars ?? 0 };
    },
    async close() {
      for (const subscription of subscriptions) await subscription.dispose();
      await webSockets.close();
      await yoga.dispose();
      await subscriptionBus.close();
    },
  };
}

/** yoga's default `maxRequestBodySize`. */
const YOGA_MAX_BODY_BYTES = 25_000_000;

/** The operator acting in process (the test host, the CLI): the system, with every scope. */
const SYSTEM_PRINCIPAL: Principal = {
  actor: SYSTEM_ACTOR,
  role: 'ADMIN',
  scopes: new Set(ROLE_SCOPES.ADMIN),
  credential: { kind: 'apiKey', id: 'system' },
};

/**
 * Yoga's log lines go to the server's pino logger, under `component: graphql`. Yoga logs at error
 * level every error that masking replaced, including the RapportErrors that are only given their
 * code (a client's bad input is no server error); the mask function logs what is unexpected
 * itself, with the request path, so yoga's copy is kept at debug level.
 */
function yogaLogger(logger: Logger): YogaLogger {
  const child = logger.child({ component: 'graphql' });
  const line = (args: unknown[]) => args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
  return {
    debug: (...args: unknown[]) => child.debug(line(args)),
    info: (...args: unknown[]) => child.info(line(args)),
    warn: (...args: unknown[]) => child.warn(line(args)),
    error: (...args: unknown[]) => child.debug(line(args)),
  };
}
