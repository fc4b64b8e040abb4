/**
 * Plugins' panels in the console (contributes.views), in a real browser (Debian's Chromium,
 * driven by playwright-core), against the platform example started as `npm start` starts it,
 * `rapport start --demo`, plus one fixture plugin whose panels show the object and throw. An
 * agent opens a customer and sees acme-loyalty's "Loyalty" panel with the tier; a throwing view
 * shows an error in its own panel only; after the plugin is disabled the panel says it is not
 * available and the rest of the page still works; the dashboard shows the NPS plugin's panel.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@rapport/sdk/testing';
import { collectCspViolations, createUser, launchChromium, signIn, startConsoleDemo, type ConsoleDemo, type ConsoleUser } from './support/consoleDemo.js';
import { APP_DIR } from './support/deployment.js';

const LOYALTY = '@acme/rapport-loyalty';
const AGENT: ConsoleUser = { email: 'vera@acme.example', password: 'correct horse battery staple', name: 'Vera Agent', role: 'AGENT' };
/** A fixture plugin with two customer panels: one shows the customer's id, one always throws. */
const VIEWS_FIXTURE = path.resolve(APP_DIR, '../../core/test/fixtures/plugins/views-js');

let demo: ConsoleDemo;
let browser: Browser;
let page: Page;
let customerId: string;
/** Content-Security-Policy violations and uncaught page errors the console reported. */
const violations: string[] = [];
const pageErrors: string[] = [];

const panel = (id: string) => page.locator(`section[data-plugin-view="${id}"]`);

/** Opens Lena's page as an agent does, through the console's own links (a reload would sign out: the session lives in the page). */
async function openCustomer(): Promise<void> {
  await page.getByRole('link', { name: 'Customers' }).click();
  await page.getByLabel('Search customers').fill('Lena');
  await page.getByLabel('Search customers').press('Enter');
  await page.getByRole('link', { name: 'Lena Loyal' }).click();
  await page.waitForURL(`**/console/customers/${customerId}`);
}

beforeAll(async () => {
  browser = await launchChromium();
  demo = await startConsoleDemo({ name: 'console-views', plugins: [VIEWS_FIXTURE] });
  await createUser(demo, AGENT);
  // A customer whose four purchases of 100 EUR earn gold (no CSAT holds them back).
  customerId = (await demo.graphql<{ createCustomer: { id: string } }>('mutation { createCustomer(input: { displayName: "Lena Loyal", emails: ["lena@customer.example"] }) { id } }')).createCustomer.id;
  for (let i = 0; i < 4; i++) {
    await demo.graphql('mutation ($c: ID!) { recordInteraction(input: { customerId: $c, channel: "web", direction: INBOUND, type: "purchase", metadata: { amount: 100, currency: "EUR" } }) { id } }', { c: customerId });
  }
  await waitFor(
    'the loyalty rule to make Lena gold',
    async () => ((await demo.graphql<{ customer: { loyaltyTier: { tier: string } | null } }>('query ($id: ID!) { customer(id: $id) { loyaltyTier { tier } } }', { id: customerId })).customer.loyaltyTier?.tier === 'gold' ? true : undefined),
    30_000,
  );
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  collectCspViolations(page, violations);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signIn(page, demo, AGENT);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("plugins' panels in the console", () => {
  it('the customer page shows acme-loyalty\'s "Loyalty" panel with the tier and what the next one needs', async () => {
    await openCustomer();
    const loyalty = panel(`${LOYALTY}/loyalty`);
    await loyalty.getByRole('heading', { name: 'Loyalty' }).waitFor();
    await loyalty.locator('[data-loyalty-tier="gold"]').waitFor();
    expect(await loyalty.locator('.loyalty-tier').textContent()).toBe('Tier: Gold');
    expect(await loyalty.locator('.loyalty-next').textContent()).toBe('For platinum: 4 more purchases and 600 EUR more spending, with keeping a CSAT of at least 90 (none yet).');
    // The fixture's working panel got the customer's global id from the page.
    await panel('@fixtures/views/summary').locator(`[data-summary="${customerId}"]`).waitFor();
  });

  it('a view that throws shows an error in its own panel, and the page goes on', async () => {
    const broken = panel('@fixtures/views/broken');
    await broken.getByRole('alert').waitFor();
    expect(await broken.getByRole('alert').textContent()).toBe('The panel “Broken panel” failed: the broken fixture view always throws');
    // Only that panel: the loyalty panel, the core's sections and the page's heading are there.
    await expect(panel(`${LOYALTY}/loyalty`).locator('[data-loyalty-tier="gold"]').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'Scores' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('[data-view-status="failed"]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('after setPluginEnabled(false) the panel says it is not available, and the rest of the page works', async () => {
    await demo.graphql('mutation ($n: ID!) { setPluginEnabled(name: $n, enabled: false) { state } }', { n: LOYALTY });
    try {
      // Away and back: the page lists the views afresh when it opens.
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await openCustomer();
      const loyalty = panel(`${LOYALTY}/loyalty`);
      await loyalty.locator('[data-view-status="unavailable"]').waitFor();
      expect(await loyalty.locator('[data-view-status="unavailable"]').textContent()).toBe(
        `This panel is not available. Plugin "${LOYALTY}" is DISABLED: Disabled by an operator; enable it with setPluginEnabled.`,
      );
      expect(await loyalty.locator('.loyalty-tier').count()).toBe(0);
      // The page still works: its own sections, the other plugins' panels, and navigation.
      await expect(page.getByRole('heading', { name: 'Scores' }).isVisible()).resolves.toBe(true);
      await panel('@fixtures/views/summary').locator(`[data-summary="${customerId}"]`).waitFor();
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    } finally {
      await demo.graphql('mutation ($n: ID!) { setPluginEnabled(name: $n, enabled: true) { state } }', { n: LOYALTY });
    }
  });

  it("the dashboard shows the NPS plugin's panel", async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const nps = panel('@rapport/plugin-scoring-nps/nps');
    await nps.getByRole('heading', { name: 'NPS' }).waitFor();
    await nps.locator('.nps-score, .muted').filter({ hasNotText: 'Loading' }).first().waitFor();
    const text = (await nps.textContent()) ?? '';
    expect(text).toMatch(/NPS [+-]?\d+(\.\d)? over the last 90 days|No NPS answers in the last 90 days/);
    if (text.includes('over the last 90 days')) expect(await nps.locator('dl.facts dt').allTextContents()).toEqual(['Answers', 'Promoters (9–10)', 'Passives (7–8)', 'Detractors (0–6)']);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
