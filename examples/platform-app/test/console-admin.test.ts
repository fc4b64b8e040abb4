/**
 * The console's admin workbench in a real browser (Debian's Chromium, driven by playwright-core),
 * against `rapport start --demo` as console-agent.test.ts starts it. An admin signs in, sees the
 * KPI charts drawn with the figures serviceKpis answers, builds a segment of two rules whose count
 * is segmentPreview's, saves it, and turns a plugin off and on. axe-core checks the dashboard; no
 * page may raise a Content-Security-Policy violation.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCspViolations, createUser, launchChromium, SCREENSHOTS, seriousAxeViolations, signIn, startConsoleDemo, type ConsoleDemo, type ConsoleUser } from './support/consoleDemo.js';

const ADMIN: ConsoleUser = { email: 'ada@acme.example', password: 'an admin passphrase of some length', name: 'Ada Admin', role: 'ADMIN' };
const PLUGIN = '@rapport/plugin-segmentation-rfm';

let demo: ConsoleDemo;
let browser: Browser;
let page: Page;
const violations: string[] = [];

/** The rows of a chart's text alternative: the x label, then each series' cell. */
async function figures(chart: string): Promise<string[][]> {
  return page.locator(`figure[data-chart="${chart}"] table.figures tbody tr`).evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')));
}

beforeAll(async () => {
  browser = await launchChromium();
  demo = await startConsoleDemo({ name: 'console-admin' });
  await createUser(demo, ADMIN);
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(15_000);
  collectCspViolations(page, violations);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('an admin works in the console', () => {
  it('signs in and sees the admin pages in the navigation', async () => {
    await signIn(page, demo, ADMIN);
    expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents()).toEqual(['Inbox', 'Customers', 'Dashboard', 'Segments', 'Plugins', 'Workflow runs', 'Audit log', 'Access']);
  });

  it('draws the KPI charts with the figures serviceKpis answers, and passes axe', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const canvas = page.locator('figure[data-chart="conversations"] canvas').first();
    await canvas.waitFor();
    // The chart may draw again (it follows its box's size), replacing the canvas between two reads.
    await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(200);
    await expect.poll(async () => (await canvas.boundingBox())?.height ?? 0).toBeGreaterThan(100);

    const range = page.getByTestId('kpi-range');
    const [from, to] = [await range.getAttribute('data-from'), await range.getAttribute('data-to')];
    const { serviceKpis } = await demo.graphql<{ serviceKpis: { groups: { key: string; conversations: number; resolved: number }[] } }>(
      'query ($from: DateTime!, $to: DateTime!) { serviceKpis(from: $from, to: $to, groupBy: WEEK) { groups { key conversations resolved } } }',
      { from, to },
    );
    expect(serviceKpis.groups.reduce((sum, group) => sum + group.conversations, 0), 'demo conversations in the last 90 days').toBeGreaterThan(0);
    expect(await figures('conversations')).toEqual(serviceKpis.groups.map((group) => [group.key, String(group.conversations), String(group.resolved)]));

    // Every other chart drew too: CSAT and NPS from the scoring plugins, the score distributions.
    for (const chart of ['resolution-rate', 'first-response', 'by-channel', 'by-assignee', 'csat', 'nps', 'sentiment', 'churn-risk']) {
      await page.locator(`figure[data-chart="${chart}"] canvas`).first().waitFor();
    }
    const sentiment = await figures('sentiment');
    expect(sentiment).toHaveLength(10);
    const scored = await demo.graphql<{ segmentPreview: { count: number } }>('{ segmentPreview(rules: { field: "score.sentiment", op: "exists" }) { count } }');
    expect(sentiment.reduce((sum, row) => sum + Number(row[1]), 0)).toBe(scored.segmentPreview.count);

    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-dashboard.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('builds a segment of two rules whose count is segmentPreview\'s, and saves it', async () => {
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    const first = page.getByRole('group', { name: 'Rules rule 1' });
    await first.getByLabel('Field').selectOption('score.');
    await first.getByLabel('Rule', { exact: true }).fill('csat');
    await first.getByLabel('Operator').selectOption('gte');
    await first.getByLabel('Value').fill('50');
    await page.getByRole('button', { name: 'Add a rule' }).click();
    const second = page.getByRole('group', { name: 'Rules rule 2' });
    await second.getByLabel('Field').selectOption('channel');
    await second.getByLabel('Operator').selectOption('eq');
    await second.getByLabel('Value').fill('email');

    const rules = { all: [{ field: 'score.csat', op: 'gte', value: 50 }, { field: 'channel', op: 'eq', value: 'email' }] };
    const { segmentPreview } = await demo.graphql<{ segmentPreview: { count: number } }>('query ($rules: JSON!) { segmentPreview(rules: $rules) { count } }', { rules });
    expect(segmentPreview.count, 'demo customers with a CSAT of 50 or more who wrote by email').toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('segment-count').textContent()).toBe(`${segmentPreview.count} customer${segmentPreview.count === 1 ? '' : 's'} match`);
    expect(JSON.parse((await page.locator('pre.json').textContent())!)).toEqual(rules);

    await page.getByLabel('Segment id').fill('happy-email');
    await page.getByLabel('Segment name').fill('Happy email customers');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('status').getByText(`with ${segmentPreview.count} member`).waitFor();
    const row = page.locator('tr[data-segment-id="happy-email"]');
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe(String(segmentPreview.count));
    const { segmentDefinitions } = await demo.graphql<{ segmentDefinitions: { id: string; rules: unknown }[] }>('{ segmentDefinitions { id rules } }');
    expect(segmentDefinitions.find((segment) => segment.id === 'happy-email')?.rules).toEqual(rules);
  });

  it('disables a plugin on the Plugins page and enables it again', async () => {
    await page.getByRole('link', { name: 'Plugins' }).click();
    const row = page.locator(`tr[data-plugin="${PLUGIN}"]`);
    const state = row.getByTestId('plugin-state');
    await expect.poll(() => state.textContent()).toMatch(/ACTIVE|INSTALLED/);
    await row.getByRole('button', { name: /^Disable/ }).click();
    await expect.poll(() => state.textContent()).toBe('DISABLED');
    const stateOf = async () => (await demo.graphql<{ plugins: { name: string; state: string }[] }>('{ plugins { name state } }')).plugins.find((plugin) => plugin.name === PLUGIN)!.state;
    expect(await stateOf()).toBe('DISABLED');
    await row.getByRole('button', { name: /^Enable/ }).click();
    await expect.poll(() => state.textContent()).not.toBe('DISABLED');
    expect(await stateOf()).not.toBe('DISABLED');
  });

  it("shows a plugin's settings schema as a read-only form, with the defaults", async () => {
    const row = page.locator(`tr[data-plugin="${PLUGIN}"]`);
    await row.getByText('Manifest and settings').click();
    const window = row.getByLabel('window');
    expect(await window.inputValue()).toBe('P365D');
    expect(await window.isEditable()).toBe(false);
    expect(await row.getByText(/Only purchases this recent count/).count()).toBe(1);
  });

  it('deactivates a user on the Access page, whose session then stops working, and reactivates them', async () => {
    const agent = { email: 'ivo@acme.example', password: 'an agent passphrase of some length', name: 'Ivo Agent', role: 'AGENT' as const };
    await createUser(demo, agent);
    const login = await fetch(`${demo.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: agent.email, p: agent.password } }),
    });
    const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
    const me = () => fetch(`${demo.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { name } }' }) });
    expect((await me()).status).toBe(200);

    await page.getByRole('link', { name: 'Access' }).click();
    const row = page.locator(`tr[data-user="${agent.email}"]`);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /^Deactivate/ }).click();
    await page.getByRole('status').getByText(`Deactivated ${agent.email}.`).waitFor();
    expect((await me()).status).toBe(401);
    await row.getByRole('button', { name: /^Reactivate/ }).click();
    await page.getByRole('status').getByText(`Reactivated ${agent.email}.`).waitFor();
    const { users } = await demo.graphql<{ users: { email: string; disabledAt: string | null }[] }>('{ users { email disabledAt } }');
    expect(users.find((user) => user.email === agent.email)?.disabledAt).toBeNull();
  });

  it('raised no Content-Security-Policy violation on any page', () => {
    expect(violations).toEqual([]);
  });
});
