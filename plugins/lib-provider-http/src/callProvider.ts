/** One HTTP request to a provider's API. */
export interface ProviderCall {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** How {@link callProvider} retries. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  attempts?: number;
  /** The pause before the first retry; it doubles each time, with jitter (default 250 ms). */
  baseDelayMs?: number;
  /** The longest pause, including a `Retry-After` the provider asks for (default 10 000 ms). */
  maxDelayMs?: number;
  /** How long one attempt may take before it is abandoned (default 15 000 ms). */
  timeoutMs?: number;
  /** Replaces `setTimeout` for the pauses, e.g. in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A provider call that did not succeed: the last answer (status and body) or the network error.
 * `retried` says how many attempts were made.
 */
export class ProviderCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly body: string | undefined,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderCallError';
  }
}

/**
 * Calls a provider and answers its final response: a 2xx, or a 4xx other than 429, which a retry
 * would not change (the caller turns it into the provider's error). A 429 or a 5xx is retried with
 * exponential backoff and jitter, honouring `Retry-After`; so is a connection that was refused
 * before anything was sent. Other network failures are not retried: the request may have reached
 * the provider, and sending it again could deliver the message twice. After the last attempt, a
 * {@link ProviderCallError} is thrown.
 *
 * @example
 * ```ts
 * const response = await callProvider({ url, method: 'POST', headers, body: form.toString() });
 * if (!response.ok) throw new DeliveryError(...);
 * ```
 */
export async function callProvider(call: ProviderCall, policy: RetryPolicy = {}): Promise<Response> {
  // A NaN or fractional count (a setting read from JSON) would never end the loop or end it early.
  const attempts = Number.isFinite(policy.attempts) ? Math.max(1, Math.floor(policy.attempts!)) : 4;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    let response: Response;
    try {
      response = await fetch(call.url, {
        method: call.method ?? 'GET',
        headers: call.headers,
        body: call.body,
        signal: AbortSignal.timeout(policy.timeoutMs ?? 15_000),
      });
    } catch (error) {
      if (!refusedBeforeSending(error) || attempt >= attempts) {
        throw new ProviderCallError(`${call.method ?? 'GET'} ${redactUrl(call.url)} failed: ${describe(error)}`, undefined, undefined, attempt, { cause: error });
      }
      await sleep(backoff(attempt, policy));
      continue;
    }
    if (!retryable(response.status)) return response;
    const body = await response.text();
    if (attempt >= attempts) {
      throw new ProviderCallError(`${call.method ?? 'GET'} ${redactUrl(call.url)} answered ${response.status} ${attempts} times`, response.status, body, attempt);
    }
    await sleep(Math.min(policy.maxDelayMs ?? 10_000, retryAfterMs(response) ?? backoff(attempt, policy)));
  }
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function backoff(attempt: number, policy: RetryPolicy): number {
  const base = (policy.baseDelayMs ?? 250) * 2 ** (attempt - 1);
  // Half the pause is random ("equal jitter"): callers that failed together do not retry together.
  return Math.min(policy.maxDelayMs ?? 10_000, Math.round(base / 2 + Math.random() * (base / 2)));
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A connection the provider's host refused: nothing was sent, so sending again is safe. */
function refusedBeforeSending(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.code ? `${message} (${cause.code})` : message;
}

/** The URL without credentials or query, for messages that may reach a log. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}
