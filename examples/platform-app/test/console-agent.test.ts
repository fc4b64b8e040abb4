/**
 * The console in a real browser (Debian's Chromium, driven by playwright-core), against the
 * platform example started as `npm start` starts it: `rapport start --demo`, with demo data. An
 * agent signs in, watches the inbox filtered to chat, answers a visitor who writes from the chat
 * widget on a second page (the reply reaches the widget), resolves the conversation from a second
 * tab and sees it leave the first tab's inbox live, and opens the customer. axe-core checks the
 * inbox and the customer page; the pages must raise no Content-Security-Policy violation.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@rapport/sdk/testing';
import { collectCspViolations, createUser, launchChromium, SCREENSHOTS, seriousAxeViolations, signIn, startConsoleDemo, submitSignIn, type ConsoleDemo, type ConsoleUser } from './support/consoleDemo.js';
import { CHAT } from './support/deployment.js';
import { subscribe, type Subscription } from './support/subscriptions.js';

const AGENT: ConsoleUser = { email: 'sam@acme.example', password: 'correct horse battery staple', name: 'Sam Agent', role: 'AGENT' };

let demo: ConsoleDemo;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let agent: Page;
let visitor: Page;
let recorded: Subscription;
/** Content-Security-Policy violations any console page reported. */
const violations: string[] = [];

function row(page: Page, conversationId: string) {
  return page.locator(`tr[data-conversation-id="${conversationId}"]`);
}

beforeAll(async () => {
  browser = await launchChromium();
  shop = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme shop</title></head>
<body><h1>Acme shop</h1><script src="${demo.url}/channels/chat/widget.js" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  demo = await startConsoleDemo({ name: 'console-agent', pluginSettings: { [CHAT]: { allowedOrigins: [shopUrl] } } });
  expect(demo.ready.console).toBe(`${demo.url}/console`);
  expect(demo.ready.graphql).toBe(`${demo.url}/graphql`);
  await createUser(demo, AGENT);
  recorded = await subscribe(demo.url, demo.adminKey, 'subscription { interactionRecorded { id channel direction text customer { id } conversation { id } } }');
  agent = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  visitor = await browser.newPage({ viewport: { width: 900, height: 720 } });
  // A step that cannot happen fails with what it waited for, within the test's own timeout.
  for (const page of [agent, visitor]) page.setDefaultTimeout(15_000);
  collectCspViolations(agent, violations);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  recorded?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await demo?.stop();
});

describe('an agent works the inbox in the console', () => {
  let conversationId: string;
  let customerId: string;

  it('signs in with Email and Password, the token held in memory only', async () => {
    await signIn(agent, demo, AGENT);
    expect(await agent.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
    expect(await agent.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents()).toEqual(['Inbox', 'Customers', 'Dashboard']);
  });

  it('shows the demo data\'s open conversations, and filters them by channel', async () => {
    const table = agent.locator('table.inbox tbody tr');
    await table.first().waitFor({ timeout: 15_000 });
    const { conversations } = await demo.graphql<{ conversations: { totalCount: number } }>('{ conversations(status: OPEN) { totalCount } }');
    await agent.getByText(`${conversations.totalCount} open conversation`).waitFor();
    expect(await table.count()).toBe(Math.min(conversations.totalCount, 50));

    await agent.getByLabel('Channel').selectOption('chat');
    const chats = await demo.graphql<{ conversations: { totalCount: number } }>('{ conversations(status: OPEN, channel: "chat") { totalCount } }');
    await agent.getByText(`${chats.conversations.totalCount} open conversation`).waitFor();
    for (const channels of await agent.locator('table.inbox tbody tr td:nth-child(2)').allTextContents()) expect(channels).toContain('chat');
  });

  it('a visitor\'s hand-off from the FAQ bot appears in the inbox live', async () => {
    await visitor.goto(shopUrl);
    await visitor.waitForFunction(() => 'RapportChat' in window, undefined, { timeout: 15_000 });
    await visitor.evaluate(() => (window as unknown as { RapportChat: { open(): void } }).RapportChat.open());
    const input = visitor.locator('[data-rapport-chat-input]');
    await input.fill('Can I talk to a human please?');
    await input.press('Enter');
    await visitor.locator('[data-rapport-chat-message][data-direction="bot"]', { hasText: 'passing you to a member of our team' }).waitFor({ timeout: 15_000 });
    const event = await waitFor('the visitor\'s message', () => recorded.events.find((e) => e.interactionRecorded.channel === 'chat' && e.interactionRecorded.direction === 'INBOUND'));
    conversationId = event.interactionRecorded.conversation.id;
    customerId = event.interactionRecorded.customer.id;

    await row(agent, conversationId).waitFor({ timeout: 15_000 });
    await expect.poll(() => row(agent, conversationId).textContent(), { timeout: 15_000 }).toMatch(/Human.*Hand-off/);
    const screenshot = path.join(SCREENSHOTS, 'console-inbox.png');
    mkdirSync(path.dirname(screenshot), { recursive: true });
    await agent.screenshot({ path: screenshot });
    expect(await seriousAxeViolations(agent)).toEqual([]);
  });

  it('answers in the conversation, and the reply reaches the widget', async () => {
    await row(agent, conversationId).getByRole('link').click();
    await agent.getByRole('heading', { name: /Conversation with/ }).waitFor();
    const thread = agent.getByRole('list', { name: 'Messages' });
    await thread.getByText('Can I talk to a human please?').waitFor();
    expect(await agent.getByLabel('Reply on').inputValue()).toBe('chat');
    const text = 'Hi, this is Sam from Acme. How can I help?';
    // The reply reaches the page twice: as sendMessage's answer and through the interactionRecorded
    // subscription, in either order. The answer (and the thread's reloads) are held until the
    // subscription's copy shows, the order that once listed the reply twice.
    let releaseAnswers!: () => void;
    const answersHeld = new Promise<void>((resolve) => (releaseAnswers = resolve));
    await agent.route('**/graphql', async (route) => {
      if (!/mutation SendMessage|query ConversationThread/.test(route.request().postData() ?? '')) return route.fallback();
      const response = await route.fetch();
      await answersHeld;
      await route.fulfill({ response });
    });
    const message = agent.getByRole('textbox', { name: 'Message' });
    await message.fill(text);
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await thread.getByText(text).waitFor();
    releaseAnswers();
    // The reply box empties when sendMessage's answer is taken in.
    await expect.poll(() => message.inputValue()).toBe('');
    expect(await thread.getByText(text).count()).toBe(1);
    await agent.unroute('**/graphql');
    await visitor.locator('[data-rapport-chat-message][data-direction="agent"]', { hasText: text }).waitFor({ timeout: 15_000 });

    // The visitor answers: it shows in the console's thread through the subscription.
    const input = visitor.locator('[data-rapport-chat-input]');
    await input.fill('Thanks Sam, my blender is broken.');
    await input.press('Enter');
    await thread.getByText('Thanks Sam, my blender is broken.').waitFor({ timeout: 15_000 });
  });

  it('resolving it in a second tab takes it out of the first tab\'s inbox live', async () => {
    await agent.getByRole('link', { name: 'Inbox' }).click();
    // The filter chosen before is kept while the page is open.
    await expect.poll(() => agent.getByLabel('Channel').inputValue()).toBe('chat');
    await row(agent, conversationId).waitFor({ timeout: 15_000 });

    const second = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      collectCspViolations(second, violations);
      await signIn(second, demo, AGENT);
      await second.goto(`${demo.url}/console/conversations/${encodeURIComponent(conversationId)}`);
      // A reload (goto) drops the in-memory session: the console asks to sign in again.
      await second.getByRole('button', { name: 'Sign in' }).waitFor();
      await submitSignIn(second, AGENT);
      await second.getByRole('button', { name: 'Resolve' }).click();
      await second.getByTestId('conversation-status').getByText(/Resolved/).waitFor();
    } finally {
      await second.close();
    }
    await row(agent, conversationId).waitFor({ state: 'detached', timeout: 15_000 });
    const { conversation } = await demo.graphql<{ conversation: { status: string } }>('query ($id: ID!) { conversation(id: $id) { status } }', { id: conversationId });
    expect(conversation.status).toBe('RESOLVED');
  });

  it('opens the customer page: identities, the conversation and the timeline', async () => {
    await agent.goto(`${demo.url}/console/customers/${encodeURIComponent(customerId)}`).catch(() => undefined);
    // The reload asked to sign in again; in-app navigation keeps the session from here on.
    await submitSignIn(agent, AGENT);
    await agent.getByRole('heading', { name: 'Identities' }).waitFor();
    await agent.getByRole('list', { name: 'Timeline' }).getByText('Thanks Sam, my blender is broken.').waitFor();
    expect(await agent.getByRole('heading', { name: /Conversations \(1\)/ }).count()).toBe(1);
  });

  it('a demo customer\'s page shows scores with explanations and segments, and passes axe', async () => {
    const { customers } = await demo.graphql<{ customers: { edges: { node: { id: string; scores: { rule: string; explanation: string | null }[]; segments: unknown[] } }[] } }>(
      '{ customers(first: 100) { edges { node { id scores { rule explanation } segments { segment } } } } }',
    );
    const rich = customers.edges.map((edge) => edge.node).find((node) => node.scores.some((score) => score.explanation) && node.segments.length > 0);
    expect(rich, 'a demo customer with an explained score and a segment').toBeDefined();
    await agent.getByRole('link', { name: 'Customers' }).click();
    await agent.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await agent.evaluate((path) => {
      history.pushState(null, '', path);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/console/customers/${encodeURIComponent(rich!.id)}`);
    await agent.getByRole('heading', { name: 'Scores' }).waitFor();
    const explained = rich!.scores.find((score) => score.explanation)!;
    await agent.getByText(explained.explanation!).first().waitFor();
    await agent.screenshot({ path: path.join(SCREENSHOTS, 'console-customer.png'), fullPage: false });
    expect(await seriousAxeViolations(agent)).toEqual([]);
  });

  it('raised no Content-Security-Policy violation on any page', () => {
    expect(violations).toEqual([]);
  });
});
