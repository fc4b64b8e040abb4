import { callProvider, ProviderCallError } from '@rapport/lib-provider-http';
import { retryPolicy, type MetaSettings } from './settings.js';
import { isRecord } from './webhook.js';

/** The error object of a Graph API error response (`{ error: { message, type, code, … } }`). */
export interface GraphError {
  message: string;
  type?: string;
  code?: number;
  subcode?: number;
  fbtraceId?: string;
  /** Details WhatsApp adds (`error_data.details`). */
  details?: string;
}

/**
 * A Graph API call that failed: the HTTP status (none for a network failure) and Meta's error,
 * when the answer carried one. Retryable answers (429, 5xx) have already been retried.
 */
export class GraphApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly graph: GraphError | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphApiError';
  }
}

/**
 * `POST {graphApiBaseUrl}/{path}` with a JSON body and a Bearer token, through `callProvider`
 * (429 and 5xx retried with backoff): Meta's JSON answer on success.
 *
 * @throws GraphApiError for an error answer, retries exhausted, or a network failure.
 */
export async function postToGraph(settings: MetaSettings, path: string, accessToken: string, body: unknown): Promise<Record<string, unknown>> {
  const url = `${settings.graphApiBaseUrl}/${path}`;
  let response: Response;
  try {
    response = await callProvider(
      { url, method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) },
      retryPolicy(settings),
    );
  } catch (error) {
    if (error instanceof ProviderCallError) throw new GraphApiError(describe(error.message, graphErrorOf(error.body)), error.status, graphErrorOf(error.body), { cause: error });
    throw error;
  }
  const text = await response.text();
  if (!response.ok) {
    const graph = graphErrorOf(text);
    throw new GraphApiError(describe(`The Graph API answered ${response.status}`, graph), response.status, graph);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed)) return parsed;
  } catch {
    // An answer that is not JSON is reported below, with what it was.
  }
  throw new GraphApiError(`The Graph API answered ${response.status} with something other than a JSON object: ${text.slice(0, 200)}`, response.status, undefined);
}

/** Meta's error object from a response body, when it has one. */
export function graphErrorOf(body: string | undefined): GraphError | undefined {
  if (!body) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  if (!error) return undefined;
  const details = isRecord(error.error_data) && typeof error.error_data.details === 'string' ? error.error_data.details : undefined;
  return {
    message: typeof error.message === 'string' ? error.message : 'no message',
    ...(typeof error.type === 'string' && { type: error.type }),
    ...(typeof error.code === 'number' && { code: error.code }),
    ...(typeof error.error_subcode === 'number' && { subcode: error.error_subcode }),
    ...(typeof error.fbtrace_id === 'string' && { fbtraceId: error.fbtrace_id }),
    ...(details && { details }),
  };
}

function describe(prefix: string, graph: GraphError | undefined): string {
  if (!graph) return prefix;
  const code = graph.code === undefined ? '' : ` (code ${graph.code}${graph.subcode === undefined ? '' : `, subcode ${graph.subcode}`})`;
  return `${prefix}: ${graph.message}${graph.details ? ` ${graph.details}` : ''}${code}${graph.fbtraceId ? ` [fbtrace_id ${graph.fbtraceId}]` : ''}`;
}
