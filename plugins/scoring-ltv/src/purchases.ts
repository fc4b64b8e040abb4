import type { Interaction } from '@rapport/sdk';
import type { PurchaseHistory } from './models/bgnbd.js';
import type { SpendHistory } from './models/gammaGamma.js';

/** The interaction type of a purchase (contracts §5: `metadata: { amount, currency }`). */
export const PURCHASE = 'purchase';

export const DAY_MS = 86_400_000;

/** How far ahead of the clock a purchase's time may be and still count now: a provider's clock running fast, not the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** What the models and the explanation need of one customer's purchases. */
export interface CustomerPurchases {
  /** Purchases in the currency, and their total: the historic value. */
  count: number;
  total: number;
  /** The repeat-purchase history, in days (see {@link PurchaseTally}). */
  history: PurchaseHistory;
  /** The repeat purchases' number and mean value, for the spend model. */
  spend: SpendHistory;
  /** Purchases left out, by currency (`"none"` for a purchase without one). */
  otherCurrencies: Map<string, number>;
}

/**
 * A customer's purchases in one currency, gathered one at a time (from their own list or from a
 * page of everyone's). Time is counted in whole UTC days, as the models' published applications
 * do: purchases on one day are one transaction, whose value is their sum, so a basket split in
 * two orders is not two visits. An amount that is not a number counts as 0, as in the RFM model.
 */
export class PurchaseTally {
  private readonly days = new Map<number, number>();
  private readonly others = new Map<string, number>();
  private count = 0;
  private total = 0;

  constructor(
    private readonly currency: string,
    private readonly nowMs: number,
  ) {}

  add(interaction: Pick<Interaction, 'occurredAt' | 'metadata'>): void {
    const at = interaction.occurredAt.getTime();
    if (at > this.nowMs + CLOCK_SKEW_MS) return;
    const currency = typeof interaction.metadata.currency === 'string' ? interaction.metadata.currency : 'none';
    if (currency !== this.currency) {
      this.others.set(currency, (this.others.get(currency) ?? 0) + 1);
      return;
    }
    const amount = typeof interaction.metadata.amount === 'number' && Number.isFinite(interaction.metadata.amount) ? interaction.metadata.amount : 0;
    const day = Math.floor(at / DAY_MS);
    this.days.set(day, (this.days.get(day) ?? 0) + amount);
    this.count++;
    this.total += amount;
  }

  /** The customer's figures; `undefined` when they made no purchase in the currency. */
  summary(): CustomerPurchases | undefined {
    const otherCurrencies = new Map(this.others);
    if (this.count === 0) return undefined;
    const days = [...this.days.keys()].sort((a, b) => a - b);
    const first = days[0]!;
    const today = Math.max(Math.floor(this.nowMs / DAY_MS), days[days.length - 1]!);
    const repeat = days.slice(1);
    const repeatTotal = repeat.reduce((sum, day) => sum + this.days.get(day)!, 0);
    return {
      count: this.count,
      total: this.total,
      history: { x: repeat.length, tx: repeat.length > 0 ? repeat[repeat.length - 1]! - first : 0, T: today - first },
      spend: { x: repeat.length, mx: repeat.length > 0 ? repeatTotal / repeat.length : 0 },
      otherCurrencies,
    };
  }

  /** Purchases left out for their currency, when none was in the currency. */
  leftOut(): Map<string, number> {
    return new Map(this.others);
  }
}
