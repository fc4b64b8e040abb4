import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manifestOf } from '../plugin-host/fixtures.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const LOYALTY = '@fixtures/graphql-loyalty';
const PLUGIN_FIELDS = 'name displayName version state error activationEvents permissions metrics { activationTimeMs activatedAt handlerCalls failures lastError lastErrorAt }';
const TIERS = '{ customers { edges { node { displayName loyaltyTier } } } }';

/** The fields of a type in the served schema (read through the schema's own methods: no second graphql copy involved). */
async function fieldsOf(h: GraphQLHarness, type: string): Promise<string[]> {
  const schema = await h.server.schema();
  return Object.keys((schema.getType(type) as unknown as { getFields(): Record<string, unknown> }).getFields());
}

describe.each(TEST_DATABASES)('GraphQL plugins on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const plugin = async (name: string) =>
    ((await h.data(`{ plugins { ${PLUGIN_FIELDS} } }`)).plugins as { name: string; state: string; error: string | null }[]).find((p) => p.name === name)!;
  const setEnabled = (name: string, enabled: boolean) =>
    h.gql(`mutation ($name: ID!, $enabled: Boolean!) { setPluginEnabled(name: $name, enabled: $enabled) { name state error } }`, { name, enabled });

  it('lists plugins with their figures, and turns them off and on', async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-test-channel-js', 'graphql-loyalty-js'] });
    const { plugins } = await h.data(`{ plugins { ${PLUGIN_FIELDS} } }`);
    expect(plugins).toEqual([
      {
        name: '@fixtures/graphql-test-channel',
        displayName: 'Test channels for the GraphQL tests',
        version: '1.0.0',
        state: 'INSTALLED',
        error: null,
        activationEvents: ['onChannel:email', 'onChannel:chat'],
        permissions: [],
        metrics: { activationTimeMs: null, activatedAt: null, handlerCalls: 0, failures: 0, lastError: null, lastErrorAt: null },
      },
      expect.objectContaining({ name: LOYALTY, state: 'INSTALLED', activationEvents: ['onGraphQL:Customer.loyaltyTier'] }),
    ]);

    expect((await setEnabled('@fixtures/graphql-test-channel', false)).data).toEqual({
      setPluginEnabled: { name: '@fixtures/graphql-test-channel', state: 'DISABLED', error: 'Disabled by an operator; enable it with setPluginEnabled.' },
    });
    expect((await setEnabled('@fixtures/graphql-test-channel', true)).data).toEqual({
      setPluginEnabled: { name: '@fixtures/graphql-test-channel', state: 'INSTALLED', error: null },
    });
    const unknown = await setEnabled('@fixtures/nobody', true);
    expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it("serves a lazy plugin's fields before activation, activates it on first use, and follows disable and enable", async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-loyalty-js'] });
    await h.data('mutation { a: createCustomer(input: { displayName: "Ada", attributes: { vip: true } }) { id } }');
    await h.clock.advance(1_000);
    await h.data('mutation { b: createCustomer(input: { displayName: "Grace" }) { id } }');

    // The field is in the schema from the manifest alone; the plugin has not run yet.
    expect(await fieldsOf(h, 'Customer')).toContain('loyaltyTier');
    expect((await plugin(LOYALTY)).state).toBe('INSTALLED');

    const tiers = await h.data(TIERS);
    expect(tiers.customers.edges).toEqual([{ node: { displayName: 'Ada', loyaltyTier: 'gold' } }, { node: { displayName: 'Grace', loyaltyTier: 'bronze' } }]);
    expect(await plugin(LOYALTY)).toMatchObject({ state: 'ACTIVE', metrics: { activationTimeMs: expect.any(Number), handlerCalls: 2 } });
    expect(await h.data('{ loyaltyProgram { name tiers } }')).toEqual({ loyaltyProgram: { name: 'Rapport Rewards', tiers: ['bronze', 'gold'] } });

    // Disabled: the field stays in the schema (clients keep their types) and answers why it cannot serve.
    expect((await setEnabled(LOYALTY, false)).data?.setPluginEnabled).toMatchObject({ state: 'DISABLED' });
    const disabled = await h.gql(TIERS);
    expect(disabled.errors![0]).toMatchObject({
      extensions: { code: 'NOT_AVAILABLE' },
      message: `Customer.loyaltyTier is unavailable: plugin "${LOYALTY}" is DISABLED: Disabled by an operator; enable it with setPluginEnabled.`,
    });
    expect(await fieldsOf(h, 'Customer')).toContain('loyaltyTier');

    // Enabled: back, and activated again on first use.
    expect((await setEnabled(LOYALTY, true)).data?.setPluginEnabled).toMatchObject({ state: 'INSTALLED' });
    expect((await h.data(TIERS)).customers.edges[0].node.loyaltyTier).toBe('gold');
    expect((await plugin(LOYALTY)).state).toBe('ACTIVE');
  });

  it('keeps the fields of a plugin that is disabled before it ever ran, answering NOT_AVAILABLE', async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-loyalty-js'] });
    expect((await h.gql('{ loyaltyProgram { name } }')).errors).toBeUndefined();
    await setEnabled(LOYALTY, false);
    expect((await h.gql('{ loyaltyProgram { name } }')).errors![0]).toMatchObject({
      extensions: { code: 'NOT_AVAILABLE' },
      message: expect.stringContaining(`Query.loyaltyProgram is unavailable: plugin "${LOYALTY}" is DISABLED`),
    });
    await setEnabled(LOYALTY, true);
    expect((await h.gql('{ loyaltyProgram { name } }')).errors).toBeUndefined();
  });

  it('fails the second plugin that defines a field, a plugin that redefines a core field, and an SDL that does not parse; the rest serve', async () => {
    h = await createGraphQLHarness(kind, {
      plugins: ['graphql-loyalty-js', 'graphql-loyalty-rival-js', 'graphql-core-clash-js', 'graphql-broken-sdl-js'],
    });
    // The rival activates on startup, before the schema is assembled.
    expect(h.services.host.status('@fixtures/graphql-loyalty-rival').state).toBe('ACTIVE');
    expect(await fieldsOf(h, 'Customer')).toContain('loyaltyTier');

    const rival = await plugin('@fixtures/graphql-loyalty-rival');
    expect(rival.state).toBe('FAILED');
    expect(rival.error).toContain('field Customer.loyaltyTier');
    expect(rival.error).toContain(`"${LOYALTY}"`);
    expect(rival.error).toContain('"@fixtures/graphql-loyalty-rival"');
    // The API names the plugin's file, not where the server keeps it (the log and `rapport plugins list` do).
    expect(rival.error).toContain('its GraphQL schema schema.graphql defines');
    expect(rival.error).not.toContain(path.dirname(manifestOf('graphql-loyalty-rival-js')));

    const clash = await plugin('@fixtures/graphql-core-clash');
    expect(clash.state).toBe('FAILED');
    expect(clash.error).toContain('defines field Customer.emails, which the core schema already defines');

    const broken = await plugin('@fixtures/graphql-broken-sdl');
    expect(broken.state).toBe('FAILED');
    expect(broken.error).toContain('schema.graphql:3:1: Syntax Error');
    expect(broken.error).not.toContain(path.dirname(manifestOf('graphql-broken-sdl-js')));

    // The server keeps running, with the first plugin's field and the core's own.
    await h.data('mutation { createCustomer(input: { displayName: "Ada", emails: ["ada@example.com"] }) { id } }');
    expect((await h.data('{ customers { edges { node { emails loyaltyTier } } } }')).customers.edges).toEqual([
      { node: { emails: ['ada@example.com'], loyaltyTier: 'bronze' } },
    ]);
    // The failure lasts for the process: enabling does not clear it.
    expect((await setEnabled('@fixtures/graphql-loyalty-rival', true)).errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect((await h.gql('{ customers { edges { node { broken } } } }')).errors![0]!.message).toContain('Cannot query field "broken"');
  });

  it("gives each plugin's settings schema, for a read-only form, and null for a plugin that takes none", async () => {
    h = await createGraphQLHarness(kind, { plugins: ['docs-welcome-js', 'graphql-loyalty-js'] });
    const { plugins } = await h.data('{ plugins { name settingsSchema } }');
    const manifest = JSON.parse(readFileSync(manifestOf('docs-welcome-js'), 'utf8'));
    expect(plugins).toEqual([
      { name: manifest.name, settingsSchema: manifest.rapport.contributes.configuration },
      { name: LOYALTY, settingsSchema: null },
    ]);
    expect(manifest.rapport.contributes.configuration.properties).toBeDefined();
  });

  it('fails a plugin that adds a non-null field to a core type, since it could not answer null while disabled', async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-non-null-js', 'graphql-loyalty-js'] });
    expect(await fieldsOf(h, 'Customer')).toContain('loyaltyTier');
    expect(await fieldsOf(h, 'Customer')).not.toContain('vipStatus');
    const refused = await plugin('@fixtures/graphql-non-null');
    expect(refused.state).toBe('FAILED');
    expect(refused.error).toContain('adds Customer.vipSince: String!, which is non-null');
    expect(refused.error).toContain('must be nullable (String)');
  });

  it('answers with a clear error when a plugin fails to activate for its field, and goes on answering it', async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-activate-throws-js'] });
    const first = await h.gql('{ fragile }');
    expect(first.errors![0]).toMatchObject({
      path: ['fragile'],
      extensions: { code: 'NOT_AVAILABLE' },
      message: expect.stringContaining('Query.fragile is unavailable: plugin "@fixtures/graphql-activate-throws" is FAILED'),
    });
    expect(first.errors![0]!.message).toContain('cannot reach the loyalty API');
    // The plugin's error stays the answer: the field is still in the schema, and says why it cannot serve.
    expect((await h.gql('{ fragile }')).errors![0]).toMatchObject({ extensions: { code: 'NOT_AVAILABLE' }, message: first.errors![0]!.message });
  });
});
