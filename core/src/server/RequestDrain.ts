import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The requests an HTTP server is answering, and whether it is draining: a stopping instance
 * answers `/readyz` 503 so its load balancer sends it nothing new, refuses new work, and waits for
 * what it already took. Event streams (SSE subscriptions) are counted apart: they last as long as
 * their client wants, so shutdown ends them rather than waits for them.
 */
export class RequestDrain {
  private requests = 0;
  private streamCount = 0;
  private draining = false;
  private readonly idle = new Set<() => void>();

  get isDraining(): boolean {
    return this.draining;
  }

  /** Requests being answered now, event streams left out. */
  get inFlight(): number {
    return this.requests;
  }

  /** Open event streams. */
  get streams(): number {
    return this.streamCount;
  }

  /** From now on `/readyz` answers 503 and new requests are refused. */
  start(): void {
    this.draining = true;
  }

  /** Counts `request` until its response is sent or its connection closes. */
  track(request: IncomingMessage, response: ServerResponse): void {
    const stream = (request.headers.accept ?? '').includes('text/event-stream');
    if (stream) this.streamCount++;
    else this.requests++;
    response.once('close', () => {
      if (stream) return void this.streamCount--;
      this.requests--;
      if (this.requests === 0) for (const resolve of this.idle) resolve();
    });
  }

  /** Resolves true once no request is in flight, or false when `timeoutMs` passed first. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.requests === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (settled: boolean) => {
        clearTimeout(timer);
        this.idle.delete(onIdle);
        resolve(settled);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      this.idle.add(onIdle);
    });
  }
}
