/**
 * Persisted operations (`graphql.persistedOperations`) over real HTTP: clients send a listed
 * operation's id instead of its text; with `onlyListed`, only ADMIN credentials may send text.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPHQL_OPTIONS } from '../../src/access/GraphQLOptions.js';
import type { PersistedOperations } from '../../src/access/PersistedOperations.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { writeConfig } from '../cli/runCli.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const COUNT = 'query CustomerCount { customers { totalCount } }';
const CREATE = 'mutation Create($name: String!) { createCustomer(input: { displayName: $name }) { displayName } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const listOf = (onlyListed: boolean): PersistedOperations => ({
  file: '/deploy/persisted-documents.json',
  operations: new Map([COUNT, CREATE].map((text) => [sha256(text), text])),
  onlyListed,
});
const byId = (text: string, variables?: Record<string, unknown>) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } } });

describe('persisted operations', () => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const send = (token: string | undefined, body: unknown) =>
    fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });

  it('runs a listed operation by its id, over POST and GET, and names an unknown id', async () => {
    h = await createGraphQLHarness('sqlite', { graphql: { ...DEFAULT_GRAPHQL_OPTIONS, persistedOperations: listOf(false) } });
    const created = await send(h.adminToken, byId(CREATE, { name: 'Ada' }));
    expect(await created.json()).toEqual({ data: { createCustomer: { displayName: 'Ada' } } });
    const extensions = encodeURIComponent(JSON.stringify(byId(COUNT).extensions));
    const viaGet = await fetch(`${h.url}?extensions=${extensions}`, { headers: h.authHeaders });
    expect(await viaGet.json()).toEqual({ data: { customers: { totalCount: 1 } } });
    // Without onlyListed, text still runs for everyone.
    const agent = await h.createKey({ role: 'AGENT' });
    expect((await (await send(agent, { query: '{ customers { totalCount } }' })).json()).data.customers.totalCount).toBe(1);

    const unknown = await send(h.adminToken, byId('{ nope }'));
    expect(unknown.status).toBe(400);
    const refusal = (await unknown.json()).errors[0];
    expect(refusal.extensions.code).toBe('PERSISTED_OPERATION_NOT_FOUND');
    expect(refusal.message).toContain('Rebuild the front-end');
  });

  it('with onlyListed, refuses operation text from every credential but ADMIN', async () => {
    h = await createGraphQLHarness('sqlite', { graphql: { ...DEFAULT_GRAPHQL_OPTIONS, persistedOperations: listOf(true) } });
    const agent = await h.createKey({ role: 'AGENT' });
    const text = await send(agent, { query: COUNT });
    expect(text.status).toBe(403);
    expect((await text.json()).errors[0].extensions.code).toBe('PERSISTED_OPERATION_REQUIRED');
    expect((await (await send(undefined, { query: '{ __typename }' })).json()).errors[0].extensions.code).toBe('PERSISTED_OPERATION_REQUIRED');

    expect(await (await send(agent, byId(COUNT))).json()).toEqual({ data: { customers: { totalCount: 0 } } });
    // The scopes still apply to a listed operation: a VIEWER may not create.
    const viewer = await h.createKey({ role: 'VIEWER' });
    expect((await (await send(viewer, byId(CREATE, { name: 'Eve' }))).json()).errors[0].extensions.code).toBe('PERMISSION_DENIED');
    // ADMIN keeps GraphiQL and scripts.
    expect((await (await send(h.adminToken, { query: '{ customers { totalCount } }' })).json()).data.customers.totalCount).toBe(0);
  });
});

describe('graphql.persistedOperations in the config', () => {
  it("reads graphql-codegen's and Apollo's manifests, relative to the config file", async () => {
    const codegen = writeConfig({ graphql: { persistedOperations: { file: 'persisted-documents.json', onlyListed: true } } });
    writeFileSync(path.join(path.dirname(codegen), 'persisted-documents.json'), JSON.stringify({ [sha256(COUNT)]: COUNT }));
    const list = (await loadConfig({ file: codegen, env: {} })).graphql.persistedOperations!;
    expect(list.onlyListed).toBe(true);
    expect([...list.operations]).toEqual([[sha256(COUNT), COUNT]]);

    const apollo = writeConfig({ graphql: { persistedOperations: { file: 'manifest.json' } } });
    writeFileSync(
      path.join(path.dirname(apollo), 'manifest.json'),
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256(CREATE), name: 'Create', type: 'mutation', body: CREATE }] }),
    );
    expect((await loadConfig({ file: apollo, env: {} })).graphql.persistedOperations!.operations.get(sha256(CREATE))).toBe(CREATE);
  });

  it('names the config file, the field and what is wrong with the list', async () => {
    const missing = writeConfig({ graphql: { persistedOperations: { file: 'nowhere.json' } } });
    await expect(loadConfig({ file: missing, env: {} })).rejects.toThrow(`${missing}: graphql.persistedOperations.file: names ${path.join(path.dirname(missing), 'nowhere.json')}, which does not exist`);

    const broken = writeConfig({ graphql: { persistedOperations: { file: 'list.json' } } });
    writeFileSync(path.join(path.dirname(broken), 'list.json'), JSON.stringify({ abc: 42 }));
    await expect(loadConfig({ file: broken, env: {} })).rejects.toThrow("whose abc must be the operation's GraphQL text");
  });
});
