import { NPS_QUESTION, readAnswer, SURVEY_RESPONSE, type PluginContext } from '@rapport/sdk';
import type { AppreciationSettings } from './settings.js';

/** A milestone worth a thank-you. Plain JSON: it is a step's stored result. */
export interface Milestone {
  /** Unique per customer, e.g. `purchase-5`, `anniversary-1`, `nps-promoter`. */
  id: string;
  kind: 'purchase' | 'anniversary' | 'promoter';
  /** What `{milestone}` becomes in the message, e.g. "your 5th purchase". */
  label: string;
}

/** A run's input: an `interaction.recorded` payload (the trigger), or an anniversary the sweep found. */
export interface AppreciationInput {
  customerId: string;
  /** The interaction, for a triggered run. */
  interactionId?: string;
  type?: string;
  direction?: string;
  /** For a run the anniversary sweep started: how many years. */
  anniversaryYears?: number;
}

/** The interaction types that may be milestones; every other `interaction.recorded` starts no run. */
export const MILESTONE_TYPES: readonly string[] = ['purchase', SURVEY_RESPONSE];

/**
 * An interaction recorded this long after it happened is history being imported, not a moment
 * to thank someone for: a purchase of two years ago is not a reason to write today.
 */
export const RECENT_MS = 7 * 86_400_000;

/** The id of the milestone of `years` as a customer. */
export function anniversaryMilestone(years: number): Milestone {
  return { id: `anniversary-${years}`, kind: 'anniversary', label: years === 1 ? 'one year with us' : `${years} years with us` };
}

/**
 * Which milestone, if any, the run's trigger is: the customer's Nth purchase for N in
 * `purchaseCounts`, or an NPS answer of 9 or 10 (a promoter). Anniversaries come from the sweep.
 */
export async function milestoneOf(ctx: PluginContext, settings: AppreciationSettings, input: AppreciationInput): Promise<Milestone | null> {
  if (typeof input.anniversaryYears === 'number') return anniversaryMilestone(input.anniversaryYears);
  if (!input.interactionId) return null;
  const interaction = await ctx.interactions.get(input.interactionId);
  if (!interaction || interaction.direction !== 'INBOUND') return null;
  if (ctx.clock.now().getTime() - new Date(interaction.occurredAt).getTime() > RECENT_MS) return null;
  if (interaction.type === 'purchase') {
    const largest = Math.max(0, ...settings.purchaseCounts);
    if (largest === 0) return null;
    // Oldest first: the interaction's place in the list is its number among the customer's purchases.
    const purchases = await ctx.interactions.list(interaction.customerId, { type: 'purchase', direction: 'INBOUND', limit: largest });
    const position = purchases.findIndex((purchase) => purchase.id === interaction.id) + 1;
    if (position === 0 || !settings.purchaseCounts.includes(position)) return null;
    return { id: `purchase-${position}`, kind: 'purchase', label: `your ${ordinal(position)} purchase` };
  }
  if (interaction.type === SURVEY_RESPONSE && settings.npsPromoters) {
    const nps = readAnswer(interaction.metadata, NPS_QUESTION);
    if (nps !== undefined && nps >= 9) return { id: 'nps-promoter', kind: 'promoter', label: 'your kind rating' };
  }
  return null;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const teens = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teens ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
