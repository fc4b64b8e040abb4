/**
 * Runs passes of background work one at a time, on demand and on a timer (the event dispatcher,
 * the workflow scheduler). A call during a pass joins it and makes it run once more when it ends,
 * so whoever calls `run()` after writing something sees a pass that started after the write.
 */
export class Pump {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private delayed: NodeJS.Timeout | undefined;
  /** The last failure reported: the callers that joined one failed pass share its error, which is reported once. */
  private lastReported: unknown;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs a pass (or joins the current one) and resolves when no more is asked for. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Asks for a pass soon, without waiting for it. During a pass it only asks for another one: under
   * steady load a pass never ends (each poke asks again), and a handler attached per poke to the
   * one running promise would pile up for as long as the load lasts (20,000 in seven minutes of the
   * PostgreSQL soak). The poke that started the pass reports its failure.
   */
  poke(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run().catch((error: unknown) => {
      if (error === this.lastReported) return;
      this.lastReported = error;
      this.onError(error);
    });
  }

  /**
   * Asks for a pass in `delayMs`, unless one is already asked for: the requests of that interval
   * share one pass. Does not keep the process alive.
   */
  pokeAfter(delayMs: number): void {
    if (delayMs <= 0) return this.poke();
    if (this.delayed) return;
    this.delayed = setTimeout(() => {
      this.delayed = undefined;
      this.poke();
    }, delayMs);
    this.delayed.unref();
  }

  /** Pokes every `intervalMs`, without keeping the process alive, and once now. */
  startTimer(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poke(), intervalMs);
    this.timer.unref();
    this.poke();
  }

  get timerStarted(): boolean {
    return this.timer !== undefined;
  }

  /** Stops the timer and waits for the pass in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.delayed) clearTimeout(this.delayed);
    this.delayed = undefined;
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.pass();
    } while (this.again);
  }
}
