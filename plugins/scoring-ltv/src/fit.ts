import { eachInteraction, type InteractionsApi } from '@rapport/sdk';
import { fitBgNbdAsync, type BgNbdLimit, type PurchaseHistory } from './models/bgnbd.js';
import { fitGammaGammaAsync, type GammaGammaLimit } from './models/gammaGamma.js';
import { PURCHASE, PurchaseTally } from './purchases.js';

/**
 * The parameters fitted over the whole population, as stored in the plugin's storage under
 * {@link MODEL_KEY}. Times are in days, amounts in `currency`. Nothing here is about one
 * customer, so the plugin keeps no personal data of its own.
 */
export type StoredModel = {
  fittedAt: string;
  currency: string;
  minRepeatCustomers: number;
  /** Customers with a purchase in the currency, and those among them with a repeat purchase. */
  customers: number;
  repeatCustomers: number;
  /** `limits`: the limits of the model the fit ended in (docs/models/ltv.md); absent in models stored by 1.0.0. */
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; converged: boolean; limits?: BgNbdLimit[] } | null;
  gammaGamma: { p: number; q: number; gamma: number; logLikelihood: number; converged: boolean; limits?: GammaGammaLimit[] } | null;
  /** Why there is no prediction, when `bgnbd` or `gammaGamma` is null. */
  reason: string | null;
};

/** The storage key of the fitted model. */
export const MODEL_KEY = 'model';

/**
 * Reads every purchase, summarises each customer in whole days up to `now`, and fits BG/NBD on
 * all buyers and Gamma-Gamma on those with a repeat purchase of positive value. With fewer than
 * `minRepeatCustomers` repeat buyers the model says so instead of fitting: a handful of repeat
 * purchases would give parameters that mean nothing. The searches give the event loop a turn every
 * `sliceMs` (10 ms by default), so a fit over 100 000 customers does not stall the server.
 */
export async function fitPopulation(
  interactions: Pick<InteractionsApi, 'find'>,
  settings: { currency: string; minRepeatCustomers: number },
  now: Date,
  options: { sliceMs?: number } = {},
): Promise<StoredModel> {
  const tallies = new Map<string, PurchaseTally>();
  for await (const purchase of eachInteraction(interactions, { type: PURCHASE, limit: 5000 })) {
    let tally = tallies.get(purchase.customerId);
    if (!tally) tallies.set(purchase.customerId, (tally = new PurchaseTally(settings.currency, now.getTime())));
    tally.add(purchase);
  }
  // Whole days make many histories identical: each distinct one is counted once, with its weight.
  const histories = new Map<string, PurchaseHistory & { weight: number }>();
  const spends: { x: number; mx: number }[] = [];
  let customers = 0;
  let summarised = 0;
  for (const tally of tallies.values()) {
    // A turn for the event loop now and then: 100 000 customers' summaries take a while too.
    if (++summarised % 5000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const summary = tally.summary();
    if (!summary) continue;
    customers++;
    const { x, tx, T } = summary.history;
    const key = `${x}:${tx}:${T}`;
    const seen = histories.get(key);
    if (seen) seen.weight++;
    else histories.set(key, { x, tx, T, weight: 1 });
    if (summary.spend.x > 0 && summary.spend.mx > 0) spends.push(summary.spend);
  }
  const repeatCustomers = [...histories.values()].reduce((sum, h) => sum + (h.x > 0 ? h.weight : 0), 0);
  const model: StoredModel = {
    fittedAt: now.toISOString(),
    currency: settings.currency,
    minRepeatCustomers: settings.minRepeatCustomers,
    customers,
    repeatCustomers,
    bgnbd: null,
    gammaGamma: null,
    reason: null,
  };
  if (repeatCustomers < settings.minRepeatCustomers || spends.length < settings.minRepeatCustomers) {
    const have = Math.min(repeatCustomers, spends.length);
    return { ...model, reason: `${have} customer${have === 1 ? '' : 's'} with a repeat purchase in ${settings.currency}, and the model needs ${settings.minRepeatCustomers}` };
  }
  const bg = await fitBgNbdAsync([...histories.values()], options);
  const gg = await fitGammaGammaAsync(spends, options);
  const values = [...Object.values(bg.parameters), ...Object.values(gg.parameters), bg.logLikelihood, gg.logLikelihood];
  if (values.some((v) => !Number.isFinite(v))) return { ...model, reason: 'the fit did not find finite parameters' };
  return {
    ...model,
    bgnbd: { ...bg.parameters, logLikelihood: bg.logLikelihood, converged: bg.converged, limits: bg.limits },
    gammaGamma: { ...gg.parameters, logLikelihood: gg.logLikelihood, converged: gg.converged, limits: gg.limits },
  };
}
