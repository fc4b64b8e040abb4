import type { DeliveredEvent, ScoreResult, ScoringRule } from '@rapport/sdk';
import type { StoredModel } from './fit.js';
import { expectedPurchases, probabilityAlive } from './models/bgnbd.js';
import { expectedSpend } from './models/gammaGamma.js';
import type { ModelKeeper } from './modelKeeper.js';
import { DAY_MS, PURCHASE, PurchaseTally, type CustomerPurchases } from './purchases.js';
import type { ReadSettings } from './settings.js';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const LTV_RULE = 'ltv';

/** The events an ltv score is evaluated on. */
export type LtvTrigger = 'interaction.recorded' | 'customer.merged';

/**
 * The `ltv` rule: evaluated when a purchase is recorded and when two customers are merged, and
 * re-evaluated daily (or every `refitEvery`, if shorter), since the prediction changes with time
 * alone: a customer who stays away becomes less likely to be alive. The sweep is also when the
 * population's parameters are fitted again.
 */
export function ltvRule(keeper: ModelKeeper, settings: ReadSettings): ScoringRule<LtvTrigger> {
  return {
    triggers: ['interaction.recorded', 'customer.merged'],
    reevaluateEvery: Math.min(DAY_MS, settings.refitEveryMs),
    filter: (event: DeliveredEvent<LtvTrigger>) => event.eventType !== 'interaction.recorded' || event.type === PURCHASE,
    async evaluate(subject) {
      const model = await keeper.current(subject.now, subject.event === undefined);
      const tally = new PurchaseTally(settings.currency, subject.now.getTime());
      for (const purchase of await subject.interactions({ type: PURCHASE })) tally.add(purchase);
      const purchases = tally.summary();
      if (purchases) return lifetimeValue(purchases, model, settings);
      const leftOut = tally.leftOut();
      if (leftOut.size === 0) return undefined;
      return { value: 0, label: settings.currency, explanation: `no purchase in ${settings.currency}; ${describeLeftOut(leftOut)}` };
    },
  };
}

/**
 * The score: the historic value plus, with a fitted model, the predicted one: E[X(horizon) | x,
 * t_x, T] purchases times E[M | x, m_x] each. The explanation keeps the two apart.
 */
export function lifetimeValue(purchases: CustomerPurchases, model: StoredModel | undefined, settings: Pick<ReadSettings, 'currency' | 'horizonMs'>): ScoreResult {
  const money = moneyFormat(settings.currency);
  const history = `${money(purchases.total)} so far over ${purchases.count} purchase${purchases.count === 1 ? '' : 's'}`;
  const leftOut = purchases.otherCurrencies.size > 0 ? `; ${describeLeftOut(purchases.otherCurrencies)}` : '';
  if (!model?.bgnbd || !model.gammaGamma) {
    const why = model ? `${model.reason ?? 'the model has no parameters'} (fitted ${model.fittedAt.slice(0, 10)})` : 'the purchase model is not fitted yet';
    return { value: cents(purchases.total), label: settings.currency, explanation: `${history}; no prediction: ${why}${leftOut}` };
  }
  let expected: number, spend: number, alive: number;
  try {
    expected = expectedPurchases(model.bgnbd, purchases.history, settings.horizonMs / DAY_MS);
    spend = expectedSpend(model.gammaGamma, purchases.spend);
    alive = probabilityAlive(model.bgnbd, purchases.history);
    if (![expected, spend, alive].every(Number.isFinite)) throw new RangeError(`the prediction came out as ${expected} purchases at ${spend}, P(alive) ${alive}`);
  } catch (error) {
    // Numbers the models cannot give for this history: the history still stands, and the
    // explanation says what was missing and why, instead of the rule failing (and, failing
    // repeatedly, being switched off by the host's circuit breaker).
    if (!(error instanceof RangeError)) throw error;
    const { x, tx, T } = purchases.history;
    return {
      value: cents(purchases.total),
      label: settings.currency,
      explanation: `${history}; no prediction: the model could not be evaluated for this history (x = ${x}, t_x = ${tx}, T = ${T} days): ${error.message.replace(/\.$/, '')}${leftOut}`,
    };
  }
  const predicted = expected * spend;
  return {
    value: cents(purchases.total + predicted),
    label: settings.currency,
    explanation:
      `${history}; ${money(predicted)} predicted over the next ${describeHorizon(settings.horizonMs)} ` +
      `(P(alive) ${alive.toFixed(2)}, ${expected.toFixed(1)} purchases expected at ${money(spend)})${leftOut}`,
  };
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** Whole units from 1,000 up (€1,240), cents below (€100.50): the explanation is read, not summed. */
function moneyFormat(currency: string): (amount: number) => string {
  const whole = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const exact = new Intl.NumberFormat('en', { style: 'currency', currency });
  return (amount) => (Math.abs(amount) >= 1000 ? whole : exact).format(amount);
}

function describeLeftOut(others: Map<string, number>): string {
  const count = [...others.values()].reduce((sum, n) => sum + n, 0);
  const currencies = [...others.keys()].sort().map((code) => (code === 'none' ? 'no currency' : code));
  return `${count} purchase${count === 1 ? '' : 's'} in ${currencies.join(', ')} left out (no exchange rates)`;
}

/** `365 days`, `day`, `12 hours`: the horizon as the explanation says it. */
function describeHorizon(ms: number): string {
  for (const [size, unit] of [
    [DAY_MS, 'day'],
    [3_600_000, 'hour'],
  ] as const) {
    if (ms >= size && ms % size === 0) return ms === size ? unit : `${ms / size} ${unit}s`;
  }
  return `${Math.round(ms / 60_000)} minutes`;
}
