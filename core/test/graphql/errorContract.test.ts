import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, globalIdOf, type GraphQLHarness, type Json } from './graphqlHarness.js';

/**
 * The error contract (docs/graphql.md, "Errors"), on a real HTTP server: every error has a code
 * and names the input at fault; messages name objects by global id, also in `extensions.id`;
 * impossible dates are refused; no message names a file of the server.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const NOBODY = '00000000-0000-4000-8000-000000000000';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** An absolute path standing as a word: after the start, a space, a quote, a bracket or `=`. */
const ABSOLUTE_PATH = /(^|[\s"'`([{=])\/[\w.@-]+\/[\w.@-]/;

const RECORD = 'mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id occurredAt } }';
const MESSAGE_INPUT = { email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message' };
const inline = (occurredAt: string) =>
  `mutation { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", occurredAt: ${JSON.stringify(occurredAt)} }) { id } }`;

interface Answer {
  status: number;
  body: { data?: Json; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

describe.each(TEST_DATABASES)('the GraphQL error contract on %s', (kind) => {
  let h: GraphQLHarness;
  /** A channel plugin whose entry imports a module that is not there: its activation error names files, with their paths. */
  const pluginDir = path.join(FIXTURES, 'broken-import-channel-js');
  /** Every error answer of this file, for the scan for file paths at the end. */
  const answers: Answer[] = [];

  beforeAll(async () => {
    h = await createGraphQLHarness(kind, { plugins: ['lazy-workflow-js', 'broken-import-channel-js'] });
  });
  afterAll(async () => {
    await h.close();
  });

  async function send(query: string, variables?: Record<string, unknown>): Promise<Answer> {
    const answer = (await h.gqlAs(h.adminToken, query, variables)) as Answer;
    if (answer.body.errors?.length) answers.push(answer);
    return answer;
  }
  const errorOf = (answer: Answer) => {
    expect(answer.body.errors, JSON.stringify(answer.body)).toHaveLength(1);
    return answer.body.errors![0]!;
  };
  async function customer(email: string): Promise<string> {
    const { createCustomer } = await h.data('mutation ($email: String!) { createCustomer(input: { emails: [$email] }) { id } }', { email });
    return createCustomer.id as string;
  }

  it('names a missing variable: BAD_USER_INPUT, $input', async () => {
    const answer = await send(RECORD);
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({
      message: 'Variable "$input" of required type "RecordInteractionInput!" was not provided.',
      extensions: { code: 'BAD_USER_INPUT', field: '$input' },
    });
    const nullVariable = await send('query ($id: ID!) { customer(id: $id) { id } }', { id: null });
    expect(errorOf(nullVariable).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$id' });
  });

  it('names a missing variable of a subscription over SSE', async () => {
    const controller = new AbortController();
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...h.authHeaders },
      body: JSON.stringify({ query: 'subscription ($c: ID!) { interactionRecorded(customerId: $c) { id } }' }),
      signal: controller.signal,
    });
    const { value } = await response.body!.getReader().read();
    controller.abort();
    const event = JSON.parse(/^data: (.*)$/m.exec(new TextDecoder().decode(value))![1]!) as Answer['body'];
    answers.push({ status: response.status, body: event });
    expect(event.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: '$c' } });
  });

  it('names a variable of the wrong type, down to the field in it', async () => {
    const wrongEnum = await send(RECORD, { input: { ...MESSAGE_INPUT, direction: 5 } });
    expect(wrongEnum.status).toBe(400);
    expect(errorOf(wrongEnum)).toMatchObject({ message: expect.stringContaining('Direction'), extensions: { code: 'BAD_USER_INPUT', field: '$input.direction' } });
    const wrongScalar = await send('query ($first: Int) { customers(first: $first) { totalCount } }', { first: 'ten' });
    expect(errorOf(wrongScalar).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$first' });
    const unknownField = await send(RECORD, { input: { ...MESSAGE_INPUT, colour: 'red' } });
    expect(errorOf(unknownField).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$input' });
    // A variable declared with a type its position does not take is a fault of the document.
    const declared = await send('query ($first: String) { customers(first: $first) { totalCount } }', { first: '1' });
    expect(errorOf(declared).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', field: '$first' });
  });

  it('names the argument or input field of a bad literal, and codes parse errors', async () => {
    const literal = await send('{ customers(first: "ten") { totalCount } }');
    expect(errorOf(literal)).toMatchObject({ message: expect.stringMatching(/^first: /), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'first' } });
    const unknownArgument = await send('{ customers(bogus: 1) { totalCount } }');
    expect(errorOf(unknownArgument).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'bogus' });
    const missingArgument = await send('mutation { resolveConversation { id } }');
    expect(errorOf(missingArgument).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'id' });
    const missingInputField = await send('mutation { recordInteraction(input: { channel: "email", type: "message" }) { id } }');
    expect(errorOf(missingInputField).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'input.direction' });
    const unknownInputField = await send('mutation { recordInteraction(input: { channel: "email", direction: INBOUND, type: "message", colour: "red" }) { id } }');
    expect(errorOf(unknownInputField).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'input.colour' });
    const parse = await send('{ customers(');
    expect(errorOf(parse).extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it.each([
    ['2026-02-30T10:00:00Z', 'February 2026 has 28 days, so there is no day 30'],
    ['2026-02-29T10:00:00Z', 'February 2026 has 28 days, so there is no day 29'],
    ['2026-04-31T10:00:00Z', 'April 2026 has 30 days'],
    ['2026-13-01T00:00:00Z', 'there is no month 13'],
    ['2026-00-10T00:00:00Z', 'there is no month 00'],
    ['2026-03-02T24:00:00Z', 'there is no hour 24'],
    ['2026-03-02T10:60:00Z', 'there is no minute 60'],
    ['2026-03-02T10:00:60Z', 'there is no second 60'],
    ['2026-03-02T10:00:00+24:00', 'the offset +24:00 is not a time zone offset'],
    ['2026-03-02T10:00:00', 'has no time zone'],
    ['2026-02-30', 'there is no day 30'],
    ['yesterday', 'got "yesterday"'],
  ])('refuses %s in a variable and inline, naming the field and the format', async (value, why) => {
    const variableAnswer = await send(RECORD, { input: { ...MESSAGE_INPUT, occurredAt: value } });
    expect(variableAnswer.status).toBe(400);
    const variable = errorOf(variableAnswer);
    expect(variable.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$input.occurredAt' });
    expect(variable.message).toContain(why);
    expect(variable.message).toContain('"2026-03-02T09:00:00Z"');
    expect(variable.message).toContain('at "input.occurredAt"');
    // Twice: the second answer comes from the validation cache, and must say the same.
    for (let round = 0; round < 2; round++) {
      const literalAnswer = await send(inline(value));
      expect(literalAnswer.status).toBe(400);
      const literal = errorOf(literalAnswer);
      expect(literal.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.occurredAt' });
      expect(literal.message).toMatch(/^input\.occurredAt: /);
      expect(literal.message).toContain(why);
      expect(literal.message).toContain('"2026-03-02T09:00:00Z"');
    }
    expect((await h.data('{ customers { totalCount } }')).customers.totalCount).toBe(0);
  });

  it('names a bad date in a list and in an argument', async () => {
    const inList = errorOf(
      await send(
        'mutation { recordInteractions(inputs: [{ email: "a@example.com", channel: "email", direction: INBOUND, type: "message" }, { email: "b@example.com", channel: "email", direction: INBOUND, type: "message", occurredAt: "2026-02-30T00:00:00Z" }]) { id } }',
      ),
    );
    expect(inList.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[1].occurredAt' });
    const argument = errorOf(await send('{ serviceKpis(from: "2026-02-30T00:00:00Z", to: "2026-03-03T00:00:00Z") { conversations } }'));
    expect(argument).toMatchObject({ message: expect.stringMatching(/^from: .*there is no day 30/), extensions: { code: 'BAD_USER_INPUT', field: 'from' } });
    const notAString = errorOf(await send('{ serviceKpis(from: 20260302, to: "2026-03-03T00:00:00Z") { conversations } }'));
    expect(notAString).toMatchObject({ message: expect.stringContaining('got 20260302, not a string'), extensions: { code: 'BAD_USER_INPUT', field: 'from' } });
  });

  it('takes real dates, leap days and offsets, and a bare date as its midnight UTC', async () => {
    const at = async (occurredAt: string) => (await h.data(RECORD, { input: { ...MESSAGE_INPUT, occurredAt } })).recordInteraction.occurredAt;
    expect(await at('2024-02-29T23:59:59.5Z')).toBe('2024-02-29T23:59:59.500Z');
    expect(await at('2026-03-02T10:00:00+01:00')).toBe('2026-03-02T09:00:00.000Z');
    expect(await at('2026-03-01T23:30:00-0130')).toBe('2026-03-02T01:00:00.000Z');
    expect(await at('2026-02-03')).toBe('2026-02-03T00:00:00.000Z');
    expect(await at('2000-02-29t12:00:00z')).toBe('2000-02-29T12:00:00.000Z');
  });

  it('names objects by global id in NOT_FOUND, in the message and in extensions', async () => {
    const ada = await customer('nf-ada@example.com');
    const conversation = globalIdOf('Conversation', NOBODY);
    const resolve = errorOf(await send('mutation ($id: ID!) { resolveConversation(id: $id) { id } }', { id: conversation }));
    expect(resolve).toMatchObject({ message: `No conversation with id "${conversation}".`, extensions: { code: 'NOT_FOUND', id: conversation, field: 'id' } });

    const nobody = globalIdOf('Customer', NOBODY);
    const merge = errorOf(await send('mutation ($t: ID!, $s: ID!) { mergeCustomers(input: { targetId: $t, sourceId: $s }) { id } }', { t: ada, s: nobody }));
    expect(merge).toMatchObject({ message: `No customer with id "${nobody}" (sourceId).`, extensions: { code: 'NOT_FOUND', id: nobody, field: 'sourceId' } });

    const record = errorOf(await send(RECORD, { input: { customerId: nobody, channel: 'email', direction: 'INBOUND', type: 'message' } }));
    expect(record.extensions).toMatchObject({ code: 'NOT_FOUND', id: nobody, field: 'customerId' });
    expect(record.message).toContain(nobody);

    const reply = errorOf(await send('mutation ($c: ID!, $id: ID!) { sendMessage(input: { customerId: $c, channel: "email", conversationId: $id, text: "hi" }) { id } }', { c: ada, id: conversation }));
    expect(reply).toMatchObject({ message: `No conversation with id "${conversation}" (conversationId).`, extensions: { code: 'NOT_FOUND', id: conversation, field: 'conversationId' } });

    const run = Buffer.from(`WorkflowRun:${NOBODY}`).toString('base64url');
    const cancel = errorOf(await send('mutation ($id: ID!) { cancelWorkflowRun(id: $id) { id } }', { id: run }));
    expect(cancel).toMatchObject({ message: `No workflow run with id "${run}".`, extensions: { code: 'NOT_FOUND', id: run } });

    for (const error of [resolve, merge, record, reply, cancel]) expect(error.message).not.toMatch(UUID);
  });

  it('names objects by global id in CONFLICT, in the message and in extensions', async () => {
    const owner = await customer('taken@example.com');
    const other = await customer('free@example.com');
    const conflict = errorOf(await send('mutation ($id: ID!) { updateCustomer(input: { id: $id, emails: ["TAKEN@example.com"] }) { id } }', { id: other }));
    expect(conflict).toMatchObject({
      message: `taken@example.com already belongs to customer "${owner}". One identity belongs to one customer; merge the customers instead.`,
      extensions: { code: 'CONFLICT', id: owner },
    });
    const created = errorOf(await send('mutation { createCustomer(input: { emails: ["taken@example.com"] }) { id } }'));
    expect(created).toMatchObject({ extensions: { code: 'CONFLICT', id: owner } });
    expect(created.message).toContain(owner);

    // The welcome workflow of lazy-workflow-js runs on customer.created and completes at once.
    let completed: string | undefined;
    for (let attempt = 0; attempt < 100 && !completed; attempt++) {
      const { workflowRuns } = await h.data('{ workflowRuns(status: COMPLETED) { edges { node { id } } } }');
      completed = workflowRuns.edges[0]?.node.id as string | undefined;
      if (!completed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(completed).toBeDefined();
    const cancel = errorOf(await send('mutation ($id: ID!) { cancelWorkflowRun(id: $id) { id } }', { id: completed }));
    expect(cancel).toMatchObject({
      message: `Workflow run ${completed} is COMPLETED; only a RUNNING, SLEEPING or WAITING run can be cancelled.`,
      extensions: { code: 'CONFLICT', id: completed, field: 'id' },
    });
    for (const error of [conflict, created, cancel]) expect(error.message).not.toMatch(UUID);
  });

  it('answers an unknown channel, and a channel whose plugin failed, without a file path', async () => {
    const ada = await customer('channels@example.com');
    const sendOn = (channel: string) => send('mutation ($c: ID!, $ch: String!) { sendMessage(input: { customerId: $c, channel: $ch, text: "hi" }) { id } }', { c: ada, ch: channel });
    const unknown = errorOf(await sendOn('nope'));
    expect(unknown).toMatchObject({ message: expect.stringContaining('No plugin contributes channel "nope"'), extensions: { code: 'NOT_FOUND' } });
    const failed = errorOf(await sendOn('broken'));
    expect(failed).toMatchObject({ message: expect.stringContaining('missing.js'), extensions: { code: 'NOT_AVAILABLE' } });
    expect(failed.message).not.toContain(pluginDir);
    // The plugin's state in the API says why it failed, without the path either.
    const { plugins } = await h.data('{ plugins { name state error } }');
    const plugin = (plugins as { name: string; state: string; error: string }[]).find(({ name }) => name === '@test/broken-channel')!;
    expect(plugin).toMatchObject({ state: 'FAILED', error: expect.stringContaining('missing.js') });
    expect(plugin.error).not.toContain(pluginDir);
    expect(plugin.error).not.toMatch(ABSOLUTE_PATH);
    // The server's log keeps the path, for its operator.
    expect(JSON.stringify(h.logs)).toContain(pluginDir);
  });

  it('names no file of the server in any error answer', () => {
    expect(answers.length).toBeGreaterThan(30);
    for (const answer of answers) {
      const text = JSON.stringify(answer.body);
      for (const serverPath of [pluginDir, REPO_ROOT, FIXTURES, tmpdir()]) expect(text, text).not.toContain(serverPath);
      for (const error of answer.body.errors!) {
        expect(error.message, text).not.toMatch(ABSOLUTE_PATH);
        expect(error.extensions?.code, text).toEqual(expect.any(String));
      }
    }
  });
});
