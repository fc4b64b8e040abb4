/**
 * How long the server waits for a client and how many clients it serves at once. Node's own
 * defaults (60 s for headers, 5 min for a request, no cap on connections, and timeouts checked
 * only every 30 s) let a few hundred clients that trickle their headers hold a server's sockets
 * and memory for minutes; these are tighter, and docs/configuration.md ("Timeouts and
 * connections") gives the reasons for each.
 */
export interface ConnectionLimits {
  timeouts: {
    /** For a request's headers, from its first byte; over it, Node answers 408 and closes. */
    headersMs: number;
    /** For a whole request, headers and body. Not the response: subscriptions stream for hours. */
    requestMs: number;
    /** For the next request on an idle keep-alive connection. */
    keepAliveMs: number;
  };
  /** Open connections at most; one more is closed as soon as it is accepted. */
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 },
  maxConnections: 1_000,
};

/**
 * How often Node looks for connections past their headers or request timeout. Its default, 30 s,
 * would let a 10 s headers timeout run to 40 s; a quarter of the timeout keeps the overshoot
 * small, and a floor keeps the sweep over all connections cheap.
 */
export function checkingIntervalMs(limits: ConnectionLimits): number {
  return Math.max(50, Math.min(1_000, Math.floor(limits.timeouts.headersMs / 4)));
}
