/** Response encodings the API compresses with, best first. */
export type ResponseEncoding = 'br' | 'gzip';

const PREFERENCE: readonly ResponseEncoding[] = ['br', 'gzip'];

/**
 * The encoding to answer with, from an `Accept-Encoding` header (RFC 9110 §12.5.3): the best of
 * ours the client accepts with a weight above zero, or undefined for identity. `*` stands for any
 * encoding not named; `gzip;q=0` refuses gzip even when `*` would allow it.
 */
export function acceptedEncoding(header: string | null | undefined): ResponseEncoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: ResponseEncoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  let best: ResponseEncoding | undefined;
  for (const encoding of PREFERENCE) if (weightOf(encoding) > 0 && (best === undefined || weightOf(encoding) > weightOf(best))) best = encoding;
  return best;
}
