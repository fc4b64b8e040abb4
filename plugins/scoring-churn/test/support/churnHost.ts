import { fileURLToPath } from 'node:url';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';
import type { Direction } from '@rapport/sdk';

/** The plugin's package name, as the host knows it. */
export const CHURN = '@rapport/plugin-scoring-churn';
export const CSAT = '@rapport/plugin-scoring-csat';
export const SENTIMENT = '@rapport/plugin-scoring-sentiment';

/** Plugins are loaded by path from the repository root, as a deployment's config names them. */
const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const PATHS: Record<string, string> = { [CHURN]: './plugins/scoring-churn', [CSAT]: './plugins/scoring-csat', [SENTIMENT]: './plugins/scoring-sentiment' };

/** The test clock's start. */
export const START = new Date('2026-03-02T09:00:00Z');
export const DAY = 86_400_000;

/** A test host with the churn plugin and, optionally, the CSAT and sentiment plugins it reads. */
export function churnHost(settings: Record<string, unknown> = {}, others: string[] = []): Promise<TestHost> {
  return createTestHost({
    plugins: [CHURN, ...others].map((name) => PATHS[name]!),
    baseDir: ROOT,
    clock: new FakeClock(START),
    settings: { [CHURN]: settings },
  });
}

/** Weights that keep one factor only, so a test sees that factor alone. */
export function only(factor: string): Record<string, number> {
  return { recency: 0, engagement: 0, unresolved: 0, csat: 0, sentiment: 0, [factor]: 1 };
}

/** The customer's stored score of `rule` (by default `churn-risk`), if any. */
export async function scoreOf(host: TestHost, customerId: string, rule = 'churn-risk') {
  return (await host.scores(customerId)).find((score) => score.rule === rule);
}

/** Records an interaction of Ada's (or `email`'s) `daysAgo` days before the host's clock now. */
export async function at(
  host: TestHost,
  daysAgo: number,
  what: { type?: string; direction?: Direction; text?: string; metadata?: Record<string, unknown>; email?: string } = {},
) {
  const { type = 'message', direction = 'INBOUND', email = 'ada@example.com', ...rest } = what;
  const occurredAt = new Date(host.clock.now().getTime() - daysAgo * DAY);
  return host.interactions.record({ email, channel: type === 'purchase' ? 'web' : 'email', direction, type, occurredAt, ...rest });
}
