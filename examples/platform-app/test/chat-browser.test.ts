/**
 * Live chat in a real browser (Debian's Chromium, driven by playwright-core), against the
 * platform example as `npm start` composes it: the chat channel with the FAQ bot first on it.
 * A shop page on its own origin embeds the widget with one script tag; its backend signs the
 * identity token. A visitor asks a question the bot answers, asks for a person and is handed off,
 * gets an agent's reply (the agent reads the visitor through the interactionRecorded
 * subscription), reloads and finds the history, then signs in and finds the email they sent
 * before in the same conversation.
 */
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type RapportProcess } from '@rapport/sdk/testing';
import { APP_DIR, CHAT, startDeployment, type Deployment } from './support/deployment.js';
import { postEmail, rawEmail } from './support/email.js';
import { subscribe, type Subscription } from './support/subscriptions.js';
import { startTcpProxy, type TcpProxy } from './support/tcpProxy.js';

const CHROMIUM = '/usr/bin/chromium';
const ALICE = { email: 'alice@customer.example', name: 'Alice Martin' };
const PASSWORD = 'correct horse battery staple';
/** Set UPDATE_SCREENSHOTS=1 to refresh the picture in the docs. */
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(APP_DIR, '../../docs/images/chat-widget.png') : path.join(tmpdir(), 'rapport-chat-widget.png');

let deployment: Deployment;
let server: RapportProcess;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let page: Page;
let agentToken: string;
let recorded: Subscription;
/** Between the browser and Rapport, so the test can drop the widget's connections. */
let network: TcpProxy;

/** The shop's page, with the widget, and its backend's token endpoint (the recipe of docs/channels/chat.md). */
function startShop(rapportUrl: () => string, secret: () => string): Promise<Server> {
  const shopServer = createServer((request, response) => {
    // The widget's script comes from Rapport (here through the test's proxy), not from the shop.
    if (request.url === '/identity-token') {
      // The shop knows who is signed in; here, always Alice.
      const token = signIdentity({ sub: 'shop-user-7', email: ALICE.email, name: ALICE.name, exp: Math.floor(Date.now() / 1000) + 300 }, secret());
      response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme shop</title></head>
<body style="font-family: system-ui; margin: 40px; background: #f6f7fb">
  <h1>Acme shop</h1><p>Blenders, kettles and toasters that last.</p>
  <script src="${rapportUrl()}/channels/chat/widget.js" async></script>
</body></html>`);
  });
  return new Promise((resolve) => shopServer.listen(0, '127.0.0.1', () => resolve(shopServer)));
}

/** An HS256 JWT with node:crypto alone, as a shop's backend would sign it. */
function signIdentity(claims: Record<string, unknown>, secret: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

async function graphql<Data>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/** The messages the widget shows, as its markers give them. */
function widgetMessages(): Promise<{ direction: string; text: string }[]> {
  return page.locator('[data-rapport-chat-message]').evaluateAll((elements) =>
    elements.map((element) => ({ direction: element.getAttribute('data-direction') ?? '', text: element.textContent ?? '' })),
  );
}

async function waitForMessage(direction: string, text: string): Promise<void> {
  await page.locator(`[data-rapport-chat-message][data-direction="${direction}"]`, { hasText: text }).first().waitFor({ timeout: 15_000 });
}

async function openWidget(): Promise<void> {
  await page.goto(shopUrl);
  await page.waitForFunction(() => 'RapportChat' in window, undefined, { timeout: 15_000 });
  await page.evaluate(() => (window as unknown as { RapportChat: { open(): void } }).RapportChat.open());
  await page.locator('[data-rapport-chat-input]').waitFor();
}

async function write(text: string): Promise<void> {
  const input = page.locator('[data-rapport-chat-input]');
  await input.fill(text);
  await input.press('Enter');
  await waitForMessage('visitor', text);
}

const CONVERSATION = `query ($id: ID!) { conversation(id: $id) { id handler channels customer { id emails }
  interactions(first: 50) { edges { node { channel direction type text metadata } } } } }`;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.`);
  shop = await startShop(
    () => network.url,
    () => deployment.settings[CHAT]!.identitySecret as string,
  );
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  deployment = await startDeployment({ surveyDelayMs: 60_000, chatOrigins: [shopUrl] });
  server = deployment.server;
  network = await startTcpProxy(new URL(server.url));

  // An agent signs in, and watches what customers write.
  await server.graphql('mutation ($e: String!, $p: String!) { createUser(input: { email: $e, role: AGENT, password: $p }) { id } }', { e: 'sam@acme.example', p: PASSWORD });
  agentToken = (await graphql<{ login: { token: string } }>('', 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: 'sam@acme.example', p: PASSWORD })).login.token;
  recorded = await subscribe(server.url, agentToken, 'subscription { interactionRecorded { id channel direction text customer { id } conversation { id } } }');

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage({ viewport: { width: 900, height: 720 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  recorded?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await network?.close();
  if (deployment) expect(await deployment.stop()).toBe(0);
});

describe('live chat in Chromium, with the FAQ bot first and people as the last resort', () => {
  let conversationId: string;
  let visitorCustomerId: string;

  it('Alice wrote by email earlier', async () => {
    const answer = await postEmail(deployment, rawEmail({ from: `${ALICE.name} <${ALICE.email}>`, messageId: 'order-1042@customer.example', subject: 'Order 1042', body: 'My order 1042 has not arrived yet.', date: new Date(Date.now() - 5 * 60_000) }));
    expect(answer.status).toBe(200);
  });

  it('a visitor asks a question: the agent sees it through the subscription, and the FAQ bot answers in the widget', async () => {
    await openWidget();
    await write('How long does delivery take?');
    await waitForMessage('bot', '2 to 4 working days');
    const event = await waitFor('the visitor message on the agent\'s subscription', () =>
      recorded.events.find((e) => e.interactionRecorded.channel === 'chat' && e.interactionRecorded.direction === 'INBOUND'),
    );
    expect(event.interactionRecorded.text).toBe('How long does delivery take?');
    conversationId = event.interactionRecorded.conversation.id;
    visitorCustomerId = event.interactionRecorded.customer.id;
    const { conversation } = await graphql<{ conversation: { handler: string } }>(agentToken, CONVERSATION, { id: conversationId });
    expect(conversation.handler).toBe('BOT');
  });

  it('asking for a person hands the conversation off, with a note for the agents', async () => {
    await write('Can I talk to a human please?');
    await waitForMessage('bot', 'passing you to a member of our team');
    const conversation = await waitFor('the hand-off', async () => {
      const { conversation: current } = await graphql<{ conversation: { handler: string; interactions: { edges: { node: { direction: string; text: string } }[] } } }>(agentToken, CONVERSATION, {
        id: conversationId,
      });
      return current.handler === 'HUMAN' ? current : undefined;
    });
    expect(conversation.interactions.edges.map((edge) => edge.node).find((i) => i.direction === 'INTERNAL')?.text).toContain('the customer asked for a person ("human")');
  });

  it('the agent\'s reply shows in the widget', async () => {
    const text = 'Hi, this is Sam from Acme. Let me check your delivery.';
    await graphql(agentToken, 'mutation ($c: ID!, $t: String!) { sendMessage(input: { customerId: $c, channel: "chat", text: $t }) { id } }', { c: visitorCustomerId, t: text });
    await waitForMessage('agent', text);
  });

  it('typing shows both ways, and the reply the visitor saw is READ', async () => {
    const typing = await subscribe(server.url, agentToken, 'subscription ($id: ID) { chatVisitorTyping(conversationId: $id) { typing handle } }', { id: conversationId });
    try {
      // The subscription listens shortly after its headers: type until the agent sees it.
      await waitFor('the visitor typing on the agent\'s subscription', async () => {
        await page.locator('[data-rapport-chat-input]').pressSequentially('Th');
        await page.waitForTimeout(300);
        return typing.events.find((event) => event.chatVisitorTyping.typing === true);
      });
    } finally {
      typing.close();
      await page.locator('[data-rapport-chat-input]').fill('');
    }
    await graphql(agentToken, 'mutation ($id: ID!) { setTyping(conversationId: $id, typing: true) }', { id: conversationId });
    await page.locator('[role="status"]', { hasText: 'typing' }).first().waitFor({ timeout: 10_000 });
    await graphql(agentToken, 'mutation ($id: ID!) { setTyping(conversationId: $id, typing: false) }', { id: conversationId });

    const delivery = await waitFor('the agent\'s reply marked READ', async () => {
      const { conversation } = await graphql<{ conversation: { interactions: { edges: { node: { direction: string; text: string; delivery: { status: string } | null } }[] } } }>(
        agentToken,
        'query ($id: ID!) { conversation(id: $id) { interactions(first: 50) { edges { node { direction text delivery { status } } } } } }',
        { id: conversationId },
      );
      const reply = conversation.interactions.edges.map((edge) => edge.node).find((i) => i.text?.startsWith('Hi, this is Sam'));
      return reply?.delivery?.status === 'READ' ? reply.delivery : undefined;
    });
    expect(delivery.status).toBe('READ');
  });

  it('after a network drop, the widget reconnects and shows what it missed', async () => {
    network.cut();
    const text = 'Your parcel left our warehouse this morning.';
    await graphql(agentToken, 'mutation ($c: ID!, $t: String!) { sendMessage(input: { customerId: $c, channel: "chat", text: $t }) { id } }', { c: visitorCustomerId, t: text });
    await page.waitForTimeout(1_000);
    expect((await widgetMessages()).some((m) => m.text.includes(text))).toBe(false);
    network.restore();
    await waitForMessage('agent', text);
  });

  it('a reload restores the history', async () => {
    const before = await widgetMessages();
    expect(before.map((m) => m.direction)).toEqual(['visitor', 'bot', 'visitor', 'bot', 'agent', 'agent']);
    await openWidget();
    await waitForMessage('agent', 'left our warehouse');
    expect(await widgetMessages()).toEqual(before);
  });

  it('a signed identity token joins the chat to Alice\'s earlier email conversation', async () => {
    await page.evaluate(async () => {
      const token = await (await fetch('/identity-token')).text();
      await (window as unknown as { RapportChat: { identify(token: string): Promise<unknown> } }).RapportChat.identify(token);
    });
    await waitForMessage('visitor', 'My order 1042 has not arrived yet.');
    const { conversation } = await graphql<{ conversation: { channels: string[]; customer: { emails: string[] }; interactions: { edges: { node: { channel: string; text: string } }[] } } }>(agentToken, CONVERSATION, {
      id: conversationId,
    });
    expect(conversation.customer.emails).toEqual([ALICE.email]);
    expect(conversation.channels).toEqual(['email', 'chat']);
    expect(conversation.interactions.edges.map((edge) => edge.node.text)).toContain('My order 1042 has not arrived yet.');
    // The picture in the docs: the joined history from its start, the email on top.
    await page.locator('[data-rapport-chat-input]').blur();
    await page.locator('[role="log"]').evaluate((list) => (list.scrollTop = 0));
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });
});
