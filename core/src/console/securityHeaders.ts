/** A Host header that is a plain host[:port] (an IPv6 literal included), safe to put in a header. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The headers of every console response. The policy allows only the console's own files: no
 * inline script or style, no other origin, no framing. WebSockets go to the server's own origin
 * only (graphql-ws on /graphql); browsers that do not count ws: as 'self' get the host spelled out.
 */
export function consoleSecurityHeaders(host: string | undefined): Record<string, string> {
  const sockets = host && HOST.test(host) ? `ws://${host} wss://${host}` : '';
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${sockets ? ` ${sockets}` : ''}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}
