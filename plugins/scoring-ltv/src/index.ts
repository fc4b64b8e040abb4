/**
 * `@rapport/plugin-scoring-ltv`: the `ltv` scoring rule, each customer's lifetime value in the
 * currency of the settings: what they have spent so far, plus what they are expected to spend
 * over the `horizon`, from a BG/NBD purchase model and a Gamma-Gamma spend model whose parameters
 * are fitted over the whole population every `refitEvery` and stored (docs/models/ltv.md).
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import type { StoredModel } from './fit.js';
import { ModelKeeper } from './modelKeeper.js';
import { LTV_RULE, ltvRule } from './rule.js';
import { readSettings } from './settings.js';

export { LTV_RULE, lifetimeValue, ltvRule } from './rule.js';
export { fitPopulation, MODEL_KEY, type StoredModel } from './fit.js';
export {
  BGNBD_BOX,
  bgNbdLogLikelihood,
  expectedPurchases,
  fitBgNbd,
  fitBgNbdAsync,
  probabilityAlive,
  type BgNbdLimit,
  type BgNbdParameters,
  type PurchaseHistory,
} from './models/bgnbd.js';
export {
  expectedSpend,
  fitGammaGamma,
  fitGammaGammaAsync,
  GAMMA_GAMMA_BOX,
  gammaGammaLogLikelihood,
  type GammaGammaLimit,
  type GammaGammaParameters,
  type SpendHistory,
} from './models/gammaGamma.js';
export { readSettings, type LtvSettings } from './settings.js';

/** What the plugin's `activate()` returns, for plugins that depend on it (`ctx.plugins.getExports`). */
export interface LtvApi {
  /** The population's parameters as last fitted and stored, or `undefined` before the first fit. */
  model(): Promise<StoredModel | undefined>;
}

/**
 * Reads the settings (a bad `horizon` or `refitEvery` fails activation, naming it) and registers
 * the rule. The first evaluation fits the model when none is stored.
 */
export function activate(ctx: PluginContext): LtvApi {
  const settings = readSettings(ctx);
  const keeper = new ModelKeeper(ctx, settings);
  ctx.subscriptions.push(ctx.scoring.registerScoringRule(LTV_RULE, ltvRule(keeper, settings)));
  return { model: () => keeper.stored() };
}
