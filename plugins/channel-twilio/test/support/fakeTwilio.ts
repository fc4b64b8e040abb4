import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake Twilio received. */
export interface TwilioRequest {
  method: string;
  path: string;
  /** The decoded HTTP Basic credentials, `sid:token`, if any. */
  basicAuth?: string;
  form: URLSearchParams;
}

/** A scripted answer for the next `POST …/Messages.json`, in place of a created message. */
export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A call as `GET …/Calls/{sid}.json` returns it. */
export interface FakeCall {
  from: string;
  to: string;
  direction: string;
  status: string;
  duration: string | null;
}

/**
 * A real HTTP server on 127.0.0.1 that speaks the part of Twilio's REST API the plugin uses:
 * `POST /2010-04-01/Accounts/{sid}/Messages.json` (HTTP Basic checked; 201 with a new `SM…` sid,
 * or the scripted answers, e.g. a 503 or Twilio's error bodies) and `GET …/Calls/{sid}.json`.
 * It keeps every request, so tests count the messages created and the calls looked up.
 */
export interface FakeTwilio {
  /** `http://127.0.0.1:<port>`, the plugin's `apiBaseUrl`. */
  baseUrl: string;
  requests: TwilioRequest[];
  /** The messages it created (201 answers), in order. */
  created: { sid: string; form: URLSearchParams }[];
  /** Answers the next message creations with these, one each, before creating again. */
  script(...answers: ScriptedAnswer[]): void;
  /** Makes a call known to `GET …/Calls/{sid}.json`. */
  addCall(callSid: string, call: FakeCall): void;
  close(): Promise<void>;
}

/** Twilio's 400 for a `To` that is not a phone number (error 21211). */
export function invalidToNumber(to: string): ScriptedAnswer {
  return {
    status: 400,
    body: { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 },
  };
}

/** Twilio's 429 when an account sends too fast (error 20429). */
export const TOO_MANY_REQUESTS: ScriptedAnswer = {
  status: 429,
  body: { code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 },
};

/** A 503 from Twilio's edge. */
export const UNAVAILABLE: ScriptedAnswer = { status: 503, body: { code: 20503, message: 'Service Unavailable', more_info: 'https://www.twilio.com/docs/errors/20503', status: 503 } };

/** Starts the fake for the account `accountSid` / `authToken`, on a free port. */
export async function startFakeTwilio(accountSid: string, authToken: string): Promise<FakeTwilio> {
  const requests: TwilioRequest[] = [];
  const created: { sid: string; form: URLSearchParams }[] = [];
  const scripted: ScriptedAnswer[] = [];
  const calls = new Map<string, FakeCall>();
  let sequence = 0;
  const accountPath = `/2010-04-01/Accounts/${accountSid}`;

  const server: Server = createServer((request, response) => {
    readBody(request).then((body) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const authorization = request.headers.authorization ?? '';
      const basicAuth = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8') : undefined;
      const form = new URLSearchParams(body);
      requests.push({ method: request.method ?? 'GET', path: url.pathname, ...(basicAuth !== undefined && { basicAuth }), form });
      if (basicAuth !== `${accountSid}:${authToken}`) {
        return json(response, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      }
      if (request.method === 'POST' && url.pathname === `${accountPath}/Messages.json`) {
        const next = scripted.shift();
        if (next) return json(response, next.status, next.body ?? {}, next.headers);
        if (!form.get('To') || !form.get('Body') || !(form.get('From') || form.get('MessagingServiceSid'))) {
          return json(response, 400, { code: 21604, message: "A 'To' phone number, a 'Body' and a 'From' or 'MessagingServiceSid' are required.", more_info: 'https://www.twilio.com/docs/errors/21604', status: 400 });
        }
        sequence += 1;
        const sid = `SM${sequence.toString(16).padStart(32, '0')}`;
        created.push({ sid, form });
        return json(response, 201, {
          sid,
          account_sid: accountSid,
          to: form.get('To'),
          from: form.get('From'),
          messaging_service_sid: form.get('MessagingServiceSid'),
          body: form.get('Body'),
          status: form.get('MessagingServiceSid') ? 'accepted' : 'queued',
          num_segments: '1',
          error_code: null,
          error_message: null,
          uri: `${accountPath}/Messages/${sid}.json`,
        });
      }
      const call = /^\/2010-04-01\/Accounts\/[^/]+\/Calls\/([^/]+)\.json$/.exec(url.pathname);
      if (request.method === 'GET' && call) {
        const known = calls.get(call[1]!);
        if (!known) return json(response, 404, { code: 20404, message: `The requested resource ${url.pathname} was not found`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 });
        return json(response, 200, { sid: call[1], account_sid: accountSid, ...known });
      }
      return json(response, 404, { code: 20404, message: `The requested resource ${url.pathname} was not found`, status: 404 });
    }, (error: Error) => json(response, 500, { message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    created,
    script: (...answers) => void scripted.push(...answers),
    addCall: (callSid, call) => void calls.set(callSid, call),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; close() would wait for them.
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
