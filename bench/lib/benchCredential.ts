/**
 * The one credential of the benchmarks. Every GraphQL request needs `Authorization: Bearer
 * <token>` (docs/security.md): the servers a benchmark starts get this token as
 * `RAPPORT_BOOTSTRAP_API_KEY`, which makes sure an ADMIN key with exactly this secret exists, and
 * every load generator sends it. Made fresh for each run, so no key outlives the benchmark.
 */
import { randomBytes } from 'node:crypto';

/** An API key as Rapport issues them: `rk_` and 32 random bytes in base64url. */
export const BENCH_API_KEY = `rk_${randomBytes(32).toString('base64url')}`;

/** The environment variable that hands {@link BENCH_API_KEY} to a server process. */
export const BENCH_SERVER_ENV: Readonly<Record<string, string>> = Object.freeze({ RAPPORT_BOOTSTRAP_API_KEY: BENCH_API_KEY });

/** `headers` plus `authorization: Bearer <the bench key>`, for fetch and autocannon. */
export function withBenchCredential(headers: Record<string, string> = {}): Record<string, string> {
  return { ...headers, authorization: `Bearer ${BENCH_API_KEY}` };
}
