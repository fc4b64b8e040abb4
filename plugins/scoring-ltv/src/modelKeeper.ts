import type { InteractionsApi, JsonValue, KeyValueStorage, PluginContext } from '@rapport/sdk';
import { fitPopulation, MODEL_KEY, type StoredModel } from './fit.js';
import type { ReadSettings } from './settings.js';

/**
 * How long an evaluation waits for a fit in progress before it scores with what is stored: well
 * under the host's default 10 s handler budget, so a slow fit on a large population delays
 * scores instead of failing them.
 */
const FIT_WAIT_MS = 5000;

/**
 * Keeps the population's parameters: fitted once when none are stored, again on a re-evaluation
 * sweep once `refitEvery` has passed, one fit at a time per process, and stored so every
 * instance and every restart scores with the same ones.
 *
 * Fits start from evaluations, which carry the host's time (`subject.now`): fitting on the wall
 * clock would not follow a deployment's (or a test's) time. The plugin was written before the SDK
 * gave plugins `ctx.clock` (API 1.6.0), which could start the first fit at activation instead.
 */
export class ModelKeeper {
  private inflight: Promise<StoredModel | undefined> | undefined;
  private attempted = false;

  constructor(
    private readonly ctx: { storage: KeyValueStorage; interactions: Pick<InteractionsApi, 'find'>; logger: PluginContext['logger'] },
    private readonly settings: ReadSettings,
  ) {}

  /** The stored model, if it was fitted with the current currency and threshold. */
  async stored(): Promise<StoredModel | undefined> {
    const model = (await this.ctx.storage.get(MODEL_KEY)) as StoredModel | undefined;
    if (!model || model.currency !== this.settings.currency || model.minRepeatCustomers !== this.settings.minRepeatCustomers) return undefined;
    return model;
  }

  /**
   * The model to score with at `now`. Fits when none is stored (once per process until a sweep
   * tries again) or, on a sweep, when the stored one is `refitEvery` old; waits for a fit in
   * progress for at most {@link FIT_WAIT_MS}.
   */
  async current(now: Date, sweep: boolean): Promise<StoredModel | undefined> {
    const stored = await this.stored();
    const due = stored === undefined ? !this.attempted || sweep : sweep && this.isDue(stored, now);
    if (!due && !this.inflight) return stored;
    return (await waitAtMost(this.refit(now), FIT_WAIT_MS)) ?? stored;
  }

  /** Fits the model at `now` and stores it; joins a fit already in progress. Resolves to `undefined` when the fit fails (logged). */
  refit(now: Date): Promise<StoredModel | undefined> {
    this.attempted = true;
    this.inflight ??= this.fitAndStore(now).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fitAndStore(now: Date): Promise<StoredModel | undefined> {
    const started = performance.now();
    try {
      const model = await fitPopulation(this.ctx.interactions, this.settings, now);
      await this.ctx.storage.set(MODEL_KEY, model as unknown as JsonValue);
      const ms = Math.round(performance.now() - started);
      this.ctx.logger.info({ customers: model.customers, repeatCustomers: model.repeatCustomers, bgnbd: model.bgnbd, gammaGamma: model.gammaGamma, reason: model.reason, ms }, 'ltv model fitted');
      if (model.bgnbd?.converged === false || model.gammaGamma?.converged === false) this.ctx.logger.warn('ltv model fit stopped at its evaluation budget before converging; its parameters are the best found');
      return model;
    } catch (error) {
      this.ctx.logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'ltv model fit failed; scores show the historic value only until a fit succeeds');
      return undefined;
    }
  }

  /**
   * A sweep comes every `min(refitEvery, 1 day)`, a little after the fit it follows, so a fit is
   * due a tenth of a period (at most an hour) early rather than a whole sweep late.
   */
  private isDue(model: StoredModel, now: Date): boolean {
    const period = this.settings.refitEveryMs;
    const slack = Math.min(period / 10, 3_600_000);
    return now.getTime() - Date.parse(model.fittedAt) >= period - slack;
  }
}

/** `promise`'s value, or `undefined` when it takes longer than `ms` (real time: this bounds waiting, not domain time). */
async function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
