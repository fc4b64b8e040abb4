import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../tracing/otlpReceiver.js';
import { ADMIN_HEADERS, startServer, stopServer, waitFor, writeConfig } from './runCli.js';

// Real processes, a real OTLP/HTTP receiver: what `rapport start` exports with `tracing` set, and
// what it loads and sends without it.

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const MUTATION = `mutation RecordOne { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", text: "hello", externalId: "t-1" }) {
  id customer { id loyaltyTier } } }`;

/** The environment the child starts from: no OpenTelemetry settings of the machine's. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', OTEL_SDK_DISABLED: '', OTEL_BSP_SCHEDULE_DELAY: '100', ...extra };
}

function configFor(tracing?: object): string {
  const dir = path.dirname(writeConfig({}));
  const fixture = (name: string) => `./${path.relative(dir, path.join(FIXTURES, name))}`;
  return writeConfig({
    server: { host: '127.0.0.1', port: 0 },
    plugins: [fixture('event-recorder-js'), fixture('graphql-loyalty-js')],
    ...(tracing && { tracing }),
  });
}

async function recordOne(url: string, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ADMIN_HEADERS, ...headers },
    body: JSON.stringify({ query: MUTATION }),
  });
  const body = (await response.json()) as { data?: { recordInteraction: { customer: { loyaltyTier: string } } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data!.recordInteraction.customer.loyaltyTier).toBe('bronze');
}

const attribute = (span: ReceivedSpan, key: string) => span.attributes[key];

describe.each(TEST_DATABASES)('traces of rapport start on %s', (kind) => {
  let database: TestDatabase | undefined;
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await database?.destroy();
  });

  it('exports one trace per request through the HTTP span, the operation, resolvers, SQL and the outbox, under the caller’s traceparent', async () => {
    database = createTestDatabase(kind);
    receiver = await startOtlpReceiver();
    const server = await startServer(['--config', configFor({ otlpEndpoint: receiver.url, serviceName: 'rapport-under-test' }), '--database', database.url], cleanEnv());
    try {
      await recordOne(server.url, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` });
      // The handler's span comes after the outbox delivered, in the background.
      const handler = await waitFor('the plugin handler span', () =>
        receiver!.spans().find((span) => span.traceId === TRACE_ID && span.name === 'event handler interaction.recorded' && attribute(span, 'rapport.plugin') === '@fixtures/event-recorder'),
      );
      const trace = receiver.spans().filter((span) => span.traceId === TRACE_ID);
      const byId = new Map(trace.map((span) => [span.spanId, span]));
      const named = (name: string) => trace.filter((span) => span.name === name);

      const [http] = named('POST /graphql');
      expect(http, `spans: ${trace.map((s) => s.name).join(', ')}`).toBeDefined();
      // The caller's span is the parent: the trace continues across the HTTP hop.
      expect(http!.parentSpanId).toBe(CALLER_SPAN_ID);
      expect(http!.kind).toBe(2); // SERVER
      expect(attribute(http!, 'http.response.status_code')).toBe(200);

      const [operation] = named('mutation RecordOne');
      expect(operation!.parentSpanId).toBe(http!.spanId);
      expect(attribute(operation!, 'graphql.operation.type')).toBe('mutation');
      expect(attribute(operation!, 'graphql.operation.name')).toBe('RecordOne');

      const [root] = named('resolve Mutation.recordInteraction');
      expect(root!.parentSpanId).toBe(operation!.spanId);
      const [pluginField] = named('resolve Customer.loyaltyTier');
      expect(attribute(pluginField!, 'rapport.plugin')).toBe('@fixtures/graphql-loyalty');

      const sql = trace.filter((span) => attribute(span, 'db.system') !== undefined);
      expect(sql.length).toBeGreaterThan(0);
      for (const span of sql) {
        expect(attribute(span, 'db.system')).toBe(kind);
        // The statement, never its parameters: the customer's address is nowhere in it.
        expect(String(attribute(span, 'db.statement'))).not.toContain('ada@example.com');
      }
      // The interaction's writes ran under the mutation's resolver (on PostgreSQL one CTE statement).
      const writes = sql.filter((span) => ancestors(span, byId).includes(root!.spanId) && /\binsert into interactions\b/.test(String(attribute(span, 'db.statement'))));
      expect(writes.length).toBeGreaterThan(0);

      const [dispatch] = named('outbox.dispatch interaction.recorded');
      expect(attribute(dispatch!, 'rapport.event.type')).toBe('interaction.recorded');
      expect(typeof attribute(dispatch!, 'rapport.event.id')).toBe('string');
      expect(handler.parentSpanId).toBe(dispatch!.spanId);
      // The handler's own reads (ctx.interactions.list) are its children.
      expect(sql.some((span) => span.parentSpanId === handler.spanId)).toBe(true);
      expect(receiver.resources().some((resource) => resource['service.name'] === 'rapport-under-test')).toBe(true);
    } finally {
      expect(await stopServer(server.child)).toBe(0);
    }
  });
});

describe('rapport start under a provider the deployment registered', () => {
  let database: TestDatabase | undefined;
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await database?.destroy();
  });

  it('leaves the deployment’s provider in place and sends the spans through it', async () => {
    database = createTestDatabase('sqlite');
    receiver = await startOtlpReceiver();
    // A second receiver rapport would use if it registered its own provider in spite of the deployment's.
    const unused = await startOtlpReceiver();
    try {
      const preload = pathToFileURL(path.resolve(import.meta.dirname, '../tracing/fixtures/deploymentOtel.mjs')).href;
      const server = await startServer(
        ['--config', configFor({ otlpEndpoint: unused.url }), '--database', database.url],
        cleanEnv({ NODE_OPTIONS: `--import ${preload}`, TEST_OTLP_URL: receiver.url }),
      );
      try {
        expect(server.logs()).toContain('traces go to the tracer provider the deployment registered');
        await recordOne(server.url, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` });
        await waitFor('the operation span', () => receiver!.spans().find((span) => span.traceId === TRACE_ID && span.name === 'mutation RecordOne'));
        expect(receiver.resources().every((resource) => resource['service.name'] === 'deployment-provider')).toBe(true);
      } finally {
        expect(await stopServer(server.child)).toBe(0);
      }
      expect(unused.requests()).toBe(0);
    } finally {
      await unused.close();
    }
  });
});

function ancestors(span: ReceivedSpan, byId: Map<string, ReceivedSpan>): string[] {
  const found: string[] = [];
  for (let parent = span.parentSpanId && byId.get(span.parentSpanId); parent; parent = parent.parentSpanId && byId.get(parent.parentSpanId)) found.push(parent.spanId);
  return found;
}

describe('rapport start without tracing', () => {
  let database: TestDatabase | undefined;
  afterEach(() => database?.destroy());

  it('loads no OpenTelemetry SDK or exporter, so it can send nothing', async () => {
    database = createTestDatabase('sqlite');
    // Every module the child resolves is written down by a resolve hook registered before the CLI loads.
    const dir = mkdtempSync(path.join(tmpdir(), 'rapport-otel-off-'));
    const log = path.join(dir, 'resolved.txt');
    writeFileSync(log, '');
    const hooks = path.join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}`,
    );
    const register = path.join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const server = await startServer(['--config', configFor(), '--database', database.url], cleanEnv({ NODE_OPTIONS: `--import ${pathToFileURL(register).href}` }));
    try {
      await recordOne(server.url, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` });
      // The delivery of the event too, before looking.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const resolved = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      // The hook saw the core's imports (the tracing helpers among them)...
      expect(resolved.some((url) => url.endsWith('/core/src/tracing/spans.ts'))).toBe(true);
      // ...and no SDK, exporter or resource package: only the API, a no-op without an SDK, is loaded.
      expect(resolved.filter((url) => url.includes('/@opentelemetry/') && !url.includes('/@opentelemetry/api/'))).toEqual([]);
      expect(server.logs()).not.toContain('exporting traces');
    } finally {
      expect(await stopServer(server.child)).toBe(0);
    }
  });
});
