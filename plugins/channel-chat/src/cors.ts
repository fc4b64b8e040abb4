import { headerValue, type ChannelRequest, type ChannelResponse } from '@rapport/sdk';
import { ChatHttpError } from './http.js';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type';

/**
 * Which page origins may call the visitor API: the configured ones, and the server's own when it
 * serves the demo page. A request without an `Origin` header is not a cross-origin browser call
 * (a same-origin GET, or a client that is not a browser and could send any Origin anyway): the
 * visitor token, not CORS, protects the API from those.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowedOrigins: readonly string[],
    private readonly allowOwnOrigin: boolean,
  ) {
    this.allowed = new Set(allowedOrigins);
  }

  /**
   * The CORS headers for the request's Origin (none when it sent none).
   *
   * @throws ChatHttpError 403 `ORIGIN_NOT_ALLOWED` for an Origin that is not allowed.
   */
  check(request: ChannelRequest): Record<string, string> {
    const origin = headerValue(request, 'origin');
    if (origin === undefined) return {};
    if (this.allowed.has(origin) || (this.allowOwnOrigin && origin === ownOrigin(request))) {
      return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'retry-after', vary: 'Origin' };
    }
    throw new ChatHttpError(
      403,
      'ORIGIN_NOT_ALLOWED',
      `Origin ${origin} may not use this chat. Add ${JSON.stringify(origin)} to allowedOrigins in the settings of @rapport/plugin-channel-chat if the widget is embedded there.`,
      { vary: 'Origin' },
    );
  }

  /** The answer to a CORS preflight (`OPTIONS`) from an allowed origin. */
  preflight(request: ChannelRequest): ChannelResponse {
    const headers = this.check(request);
    return {
      status: 204,
      headers: { ...headers, 'access-control-allow-methods': ALLOWED_METHODS, 'access-control-allow-headers': ALLOWED_HEADERS, 'access-control-max-age': '600' },
    };
  }
}

function ownOrigin(request: ChannelRequest): string | undefined {
  try {
    return new URL(request.publicUrl).origin;
  } catch {
    return undefined;
  }
}
