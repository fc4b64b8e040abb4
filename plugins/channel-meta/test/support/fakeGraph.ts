import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake Graph API received. */
export interface GraphRequest {
  method: string;
  /** The path without the version, e.g. `/1234/messages`. */
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
  /** The status it was answered with. */
  status: number;
}

/** An answer to give instead of the normal one, once. */
export interface ScriptedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A Graph API error answer, as Meta writes them. */
export function graphError(status: number, code: number, message: string, extra: { subcode?: number; type?: string; details?: string } = {}): ScriptedAnswer {
  return {
    status,
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined && { error_subcode: extra.subcode }),
        ...(extra.details && { error_data: { messaging_product: 'whatsapp', details: extra.details } }),
        fbtrace_id: `trace-${code}`,
      },
    },
  };
}

/** Meta's answers the tests use. */
export const GRAPH_ERRORS = {
  invalidParameter: () => graphError(400, 100, '(#100) Invalid parameter', { details: 'Parameter value is not valid' }),
  reEngagement: () => graphError(400, 131047, 'Re-engagement message', { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' }),
  rateLimited: () => ({ ...graphError(429, 130429, 'Rate limit hit'), headers: { 'retry-after': '0' } }),
  serverError: () => graphError(500, 1, 'An unknown error occurred', { type: 'OAuthException' }),
  messengerOutsideWindow: () => graphError(400, 10, '(#10) This message is sent outside of allowed window.', { subcode: 2018278 }),
};

/** A fake Graph API on a real local HTTP server. */
export interface FakeGraph {
  /** E.g. `http://127.0.0.1:54321/v21.0`, for the `graphApiBaseUrl` setting. */
  baseUrl: string;
  /** Every request, in order, with the status it was answered. */
  requests: GraphRequest[];
  /** The requests answered with success: the messages Meta would have sent. */
  sent(): GraphRequest[];
  /** Answers the next requests with these, in order, before answering normally again. */
  script(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

/** What the fake accepts: the token, the WhatsApp phone number id and the page id. */
export interface FakeGraphOptions {
  accessToken: string;
  phoneNumberId: string;
  pageId: string;
}

/**
 * Starts a fake Graph API on 127.0.0.1, port 0. It speaks the Cloud API's and the Send API's
 * shapes: `POST /v21.0/{phoneNumberId}/messages` answers `{ messages: [{ id: 'wamid…' }] }`,
 * `POST /v21.0/{pageId}/messages` answers `{ recipient_id, message_id }`. A wrong bearer token is
 * a 401 with code 190; a body without what Meta requires is a 400 with code 100; scripted answers
 * (5xx, 429, Meta's error codes) come first.
 */
export async function startFakeGraph(options: FakeGraphOptions): Promise<FakeGraph> {
  const requests: GraphRequest[] = [];
  const scripted: ScriptedAnswer[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    readBody(req).then(
      (raw) => {
        const answer = answerFor(req, raw);
        const path = (req.url ?? '').replace(/^\/v\d+\.\d+/, '');
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          // Recorded as empty: the answer already says the body was not JSON.
        }
        requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, contentType: req.headers['content-type'], body, status: answer.status });
        send(res, answer);
      },
      () => send(res, graphError(500, 1, 'could not read the request')),
    );
  });

  function answerFor(req: IncomingMessage, raw: string): ScriptedAnswer {
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const next = scripted.shift();
    if (next) return next;
    const match = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return graphError(400, 100, `Unsupported request: ${req.method} ${req.url}`, { type: 'GraphMethodException' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return graphError(400, 100, 'The request body is not JSON');
    }
    counter += 1;
    if (match[1] === options.phoneNumberId) return whatsappAnswer(body, counter);
    if (match[1] === options.pageId) return messengerAnswer(body, counter);
    return graphError(400, 100, `Unsupported post request. Object with ID '${match[1]}' does not exist`, { type: 'GraphMethodException' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v21.0`,
    requests,
    sent: () => requests.filter((request) => request.status >= 200 && request.status < 300),
    script: (...answers) => void scripted.push(...answers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function whatsappAnswer(body: Record<string, unknown>, n: number): ScriptedAnswer {
  const to = body.to;
  if (body.messaging_product !== 'whatsapp' || typeof to !== 'string' || !/^\d{6,15}$/.test(to)) return GRAPH_ERRORS.invalidParameter();
  const text = body.text as { body?: unknown } | undefined;
  const template = body.template as { name?: unknown; language?: { code?: unknown } } | undefined;
  const valid = body.type === 'text' ? typeof text?.body === 'string' && text.body !== '' : body.type === 'template' && typeof template?.name === 'string' && typeof template.language?.code === 'string';
  if (!valid) return GRAPH_ERRORS.invalidParameter();
  return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.FAKE${n}` }] } };
}

function messengerAnswer(body: Record<string, unknown>, n: number): ScriptedAnswer {
  const recipient = (body.recipient as { id?: unknown } | undefined)?.id;
  const message = body.message as { text?: unknown } | undefined;
  const typeOk = body.messaging_type === 'RESPONSE' || (body.messaging_type === 'MESSAGE_TAG' && typeof body.tag === 'string');
  if (typeof recipient !== 'string' || !typeOk || typeof message?.text !== 'string') return graphError(400, 100, '(#100) Invalid parameter');
  return { status: 200, body: { recipient_id: recipient, message_id: `m_FAKE${n}` } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: ScriptedAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}
