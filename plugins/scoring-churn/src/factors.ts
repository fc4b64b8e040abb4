import type { CustomerSubject } from '@rapport/sdk';
import { describeWindow } from '@rapport/lib-satisfaction';
import { clamp, type FactorReading } from './model.js';
import type { Settings } from './settings.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** How many of the latest purchases give the customer's rhythm: enough for a median, bounded for big buyers. */
export const RHYTHM_PURCHASES = 50;

/**
 * The shortest usual gap: several orders on one day would otherwise make the median gap 0 and
 * every later day infinitely overdue.
 */
export const SHORTEST_GAP_MS = DAY_MS;

/** A factor's reading, or a note on why it has none (`undefined`: no data and nothing to say). */
export type Reading = FactorReading | { note: string } | undefined;

/**
 * Recency against the customer's own purchase rhythm: the time since their last purchase divided
 * by the median gap between their purchases (the last {@link RHYTHM_PURCHASES}); with fewer than
 * 2 purchases, by `defaultPurchaseGap`. Risk 0 at one usual gap or less, 1 at `overdueAt` gaps,
 * linear in between. No purchase at all: no reading.
 */
export async function recency(subject: CustomerSubject, settings: Settings): Promise<Reading> {
  const now = subject.now.getTime();
  const purchases = (await subject.interactions({ type: 'purchase', newestFirst: true, limit: RHYTHM_PURCHASES }))
    .map((purchase) => purchase.occurredAt.getTime())
    .filter((at) => at <= now);
  if (purchases.length === 0) return { note: 'no purchase yet, so recency does not count' };
  const gaps = purchases.slice(1).map((at, index) => purchases[index]! - at);
  const own = gaps.length > 0;
  const usualGap = Math.max(SHORTEST_GAP_MS, own ? median(gaps) : settings.defaultPurchaseGapMs);
  const since = now - purchases[0]!;
  const risk = clamp((since / usualGap - 1) / (settings.overdueAt - 1));
  const gap = own ? `usual gap ${days(usualGap)}` : `usual gap ${days(usualGap)}, the default with only 1 purchase`;
  return { factor: 'recency', risk, phrase: `no purchase for ${age(since)} (${gap})` };
}

/**
 * Falling engagement: the customer's inbound interactions (messages, calls, purchases, answers)
 * in the last `window` against the `window` before it. Risk is the share of the drop
 * (5 before, 2 now: 0.6); 0 when steady or rising. Nothing in either window: no reading.
 */
export async function engagement(subject: CustomerSubject, settings: Settings): Promise<Reading> {
  const now = subject.now.getTime();
  const since = new Date(now - 2 * settings.windowMs);
  const times = (await subject.interactions({ direction: 'INBOUND', since })).map((interaction) => interaction.occurredAt.getTime()).filter((at) => at <= now);
  const recent = times.filter((at) => at >= now - settings.windowMs).length;
  const previous = times.length - recent;
  if (times.length === 0) return undefined;
  const risk = previous === 0 ? 0 : clamp((previous - recent) / previous);
  const phrase = `engagement down ${Math.round(risk * 100)}% on the previous ${describeWindow(settings.windowMs)} (${recent} inbound against ${previous})`;
  return { factor: 'engagement', risk, phrase };
}

/** How many of the customer's open conversations (oldest first) are looked into for a waiting customer. */
export const OPEN_CONVERSATIONS_READ = 20;

/**
 * Unresolved conversations: open conversations in which the customer wrote or called last and
 * has had no answer since, by how long they have been waiting (from the first of those
 * unanswered messages); risk 1 at `openFor`, linear from 0, for the longest wait. A conversation
 * that a purchase or a survey answer opened, or one we answered last, is not waiting. Nobody
 * waiting: risk 0.
 */
export async function unresolved(subject: CustomerSubject, settings: Settings): Promise<Reading> {
  const now = subject.now.getTime();
  const open = await subject.conversations({ status: 'OPEN', limit: OPEN_CONVERSATIONS_READ });
  const waits = (await Promise.all(open.map((conversation) => waitingSince(subject, conversation.id)))).flatMap((since) =>
    since === undefined ? [] : [Math.max(0, now - since)],
  );
  if (waits.length === 0) return { factor: 'unresolved', risk: 0, phrase: 'nobody waiting for an answer' };
  const longest = Math.max(...waits);
  const phrase =
    waits.length === 1 ? `waiting ${age(longest)} for an answer` : `${waits.length} conversations waiting for an answer, the longest for ${age(longest)}`;
  return { factor: 'unresolved', risk: clamp(longest / settings.openForMs), phrase };
}

/** When the customer's unanswered messages in the conversation began, if they wrote or called last. */
async function waitingSince(subject: CustomerSubject, conversationId: string): Promise<number | undefined> {
  const latest = (await subject.interactions({ conversationId, newestFirst: true, limit: 20 })).filter((interaction) => interaction.direction !== 'INTERNAL');
  let since: number | undefined;
  for (const interaction of latest) {
    if (interaction.direction !== 'INBOUND') break;
    if (interaction.type === 'message' || interaction.type === 'call') since = interaction.occurredAt.getTime();
  }
  return since;
}

/**
 * The customer's `csat` score (0..100, the CSAT plugin's): risk (100 - csat) / 100. Absent when
 * they have not answered within that plugin's window, or the plugin is not loaded.
 */
export async function csat(subject: CustomerSubject): Promise<Reading> {
  const score = await subject.score('csat');
  if (!score) return undefined;
  return { factor: 'csat', risk: clamp((100 - score.value) / 100), phrase: `CSAT ${round(score.value)}` };
}

/**
 * The customer's `sentiment` score (-100..100, the sentiment plugin's): risk -sentiment / 100,
 * so only negative sentiment adds risk. Absent as `csat` is.
 */
export async function sentiment(subject: CustomerSubject): Promise<Reading> {
  const score = await subject.score('sentiment');
  if (!score) return undefined;
  return { factor: 'sentiment', risk: clamp(-score.value / 100), phrase: `sentiment ${round(score.value)}` };
}

/** Why a score another plugin provides may be missing, by the name the explanation gives it. */
const MISSING_BECAUSE: Record<string, string> = { CSAT: 'survey answer', sentiment: 'message' };

/** The note for scores another plugin provides that the customer does not have (`CSAT`, `sentiment`). */
export function missingScoresNote(missing: readonly string[]): string | undefined {
  if (missing.length === 0) return undefined;
  if (missing.length === 1) {
    const [name] = missing as [string];
    return `no ${name} score (no recent ${MISSING_BECAUSE[name]}, or the ${name} plugin is not loaded), so its weight is spread over the other factors`;
  }
  const because = missing.map((name) => MISSING_BECAUSE[name]).join(' or ');
  return `no ${missing.join(' or ')} score (no recent ${because}, or their plugins are not loaded), so their weights are spread over the other factors`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Whole days, as the explanation gives a gap: "21". */
function days(ms: number): string {
  return String(Math.round(ms / DAY_MS));
}

/** A time span in words: "94 days", "1 day", "5 hours" below a day. */
function age(ms: number): string {
  if (ms < DAY_MS) {
    const hours = Math.round(ms / HOUR_MS);
    return hours === 1 ? '1 hour' : `${hours} hours`;
  }
  const whole = Math.round(ms / DAY_MS);
  return whole === 1 ? '1 day' : `${whole} days`;
}

function round(value: number): string {
  return String(Math.round(value));
}
