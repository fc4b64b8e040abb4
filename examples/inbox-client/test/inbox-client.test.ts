/**
 * The inbox client against a real deployment: the platform example started with `--demo` data and
 * only this client's persisted operations runnable for non-admin keys.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRapportClient, GraphQLRequestError, type RapportClient } from '../src/client.js';
import { TypedDocumentString, type CustomersPageQuery, type CustomersPageQueryVariables } from '../src/gql/graphql.js';
import { openConversations, resolveConversation } from '../src/inbox.js';
import { CustomersPage, countCustomers, pageCustomers } from '../src/pageCustomers.js';
import { watchConversations, type ConversationChange } from '../src/watchConversations.js';
import { PACKAGE_DIR, PLATFORM_CONFIG, rapportBin, startDemoServer, type DemoServer } from './support/server.js';

const run = promisify(execFile);

let server: DemoServer;
let agent: RapportClient;
let agentKey: string;

beforeAll(async () => {
  server = await startDemoServer();
  const { createApiKey } = await server.admin<{ createApiKey: { token: string } }>('mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { token } }', {
    input: { name: 'inbox-client-test', role: 'AGENT' },
  });
  agentKey = createApiKey.token;
  agent = createRapportClient({ url: server.url, token: agentKey });
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

describe('the generated client', () => {
  it('is current: the served schema and codegen from it equal the committed files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inbox-client-codegen-'));
    try {
      const schema = path.join(dir, 'schema.graphql');
      await run(process.execPath, [rapportBin(), 'schema', 'print', '--config', PLATFORM_CONFIG, '--out', schema], { cwd: PACKAGE_DIR });
      expect(readFileSync(schema, 'utf8'), 'schema.graphql is stale: run `npm run -w @rapport/example-inbox-client schema`, then `codegen`').toBe(
        readFileSync(path.join(PACKAGE_DIR, 'schema.graphql'), 'utf8'),
      );
      const out = path.join(dir, 'gql');
      await run('npm', ['run', '-s', 'codegen'], { cwd: PACKAGE_DIR, env: { ...process.env, INBOX_CLIENT_SCHEMA: schema, INBOX_CLIENT_GQL_OUT: `${out}/` } });
      const committed = path.join(PACKAGE_DIR, 'src', 'gql');
      expect(readdirSync(out).sort()).toEqual(readdirSync(committed).sort());
      for (const file of readdirSync(committed)) {
        expect(readFileSync(path.join(out, file), 'utf8'), `src/gql/${file} is stale: run \`npm run -w @rapport/example-inbox-client codegen\``).toBe(readFileSync(path.join(committed, file), 'utf8'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('passes tsc --strict', async () => {
    const tsc = path.join(PACKAGE_DIR, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', path.join(PACKAGE_DIR, 'tsconfig.json'), '--noEmit', '--strict']).catch((error: { stdout: string }) => error);
    expect(result.stdout).toBe('');
  }, 60_000);
});

describe('against a deployment that runs only listed operations', () => {
  it('pages through every customer exactly once, as many as totalCount says', async () => {
    const { customers } = await server.admin<{ customers: { totalCount: number } }>('{ customers { totalCount } }');
    expect(customers.totalCount).toBeGreaterThan(100);

    const seen: string[] = [];
    let pages = 0;
    for await (const page of pageCustomers(agent, 40)) {
      pages++;
      seen.push(...page.map((customer) => customer.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(customers.totalCount);
    expect(pages).toBe(Math.ceil(customers.totalCount / 40));
    expect(await countCustomers(agent)).toBe(customers.totalCount);
  });

  it('lets an AGENT key run the listed operations by id and refuses their text', async () => {
    expect((await openConversations(agent, 5)).length).toBeGreaterThan(0);

    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentKey}` },
      body: JSON.stringify({ query: CustomersPage.toString(), variables: { first: 5 } }),
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('PERSISTED_OPERATION_REQUIRED');

    // An id from another build of the front-end: the server's list does not have it.
    const otherBuild = new TypedDocumentString<CustomersPageQuery, CustomersPageQueryVariables>(CustomersPage.toString(), { hash: 'f'.repeat(64) });
    const unknown = await agent.request(otherBuild, { first: 1 }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(GraphQLRequestError);
    expect((unknown as GraphQLRequestError).codes).toEqual(['PERSISTED_OPERATION_NOT_FOUND']);
  });

  it('refuses the text of an AGENT subscription over graphql-ws too', async () => {
    const errors: unknown[] = [];
    const stop = await watchConversations({ url: server.url, token: agentKey, send: 'text', onChange: () => {}, onError: (error) => errors.push(error) });
    try {
      await waitUntil(() => errors.length > 0, 10_000);
      expect(errors[0]).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_OPERATION_REQUIRED' }) })]);
    } finally {
      await stop();
    }
  });

  it('hears over graphql-ws that a conversation was resolved', async () => {
    const [open] = await openConversations(agent, 1);
    expect(open).toBeDefined();

    const changes: ConversationChange[] = [];
    const errors: unknown[] = [];
    const stop = await watchConversations({ url: server.url, token: agentKey, status: 'RESOLVED', onChange: (change) => changes.push(change), onError: (error) => errors.push(error) });
    try {
      // The subscription is registered once the server has read the subscribe message; give it that moment.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const resolved = await resolveConversation(agent, open!.id);
      expect(resolved.status).toBe('RESOLVED');

      await waitUntil(() => errors.length > 0 || changes.some((change) => change.conversation.id === open!.id), 15_000);
      expect(errors).toEqual([]);
      const change = changes.find((candidate) => candidate.conversation.id === open!.id);
      expect(change).toMatchObject({ kind: 'RESOLVED', status: 'RESOLVED', conversation: { id: open!.id, status: 'RESOLVED', customer: { id: open!.customer.id } } });
      expect(change!.conversation.resolvedAt).toEqual(resolved.resolvedAt);
    } finally {
      await stop();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}
