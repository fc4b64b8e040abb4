/**
 * What travels: compressed answers, revalidatable GET queries, over real HTTP. Node's fetch
 * decompresses on its own, so the raw bytes are read with node:http.
 */
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptedEncoding } from '../../src/graphql/transport/acceptedEncoding.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const PAGE = '{ customers(first: 100) { edges { node { id displayName emails phones createdAt } } } }';

/** One request with node:http, which leaves the body as it came. */
function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    call.on('error', reject);
    call.end(init.body);
  });
}

describe('the transport of /graphql', () => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  let seeded = 0;
  async function seedCustomers(count: number) {
    const inputs = Array.from({ length: count }, () => seeded++).map((i) => `c${i}: createCustomer(input: { displayName: "Customer number ${i}", emails: ["customer${i}@example.com"] }) { id }`);
    for (let i = 0; i < inputs.length; i += 10) await h.data(`mutation { ${inputs.slice(i, i + 10).join(' ')} }`);
  }
  const post = (query: string, acceptEncoding?: string) =>
    raw(h.url, { method: 'POST', headers: { 'content-type': 'application/json', ...h.authHeaders, ...(acceptEncoding && { 'accept-encoding': acceptEncoding }) }, body: JSON.stringify({ query }) });

  it('compresses a large answer with brotli or gzip as the client asks, and leaves a small one alone', async () => {
    h = await createGraphQLHarness('sqlite');
    await seedCustomers(60);
    const plain = await post(PAGE);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const expected = JSON.parse(plain.body.toString());
    expect(expected.data.customers.edges).toHaveLength(60);

    const brotli = await post(PAGE, 'gzip, deflate, br');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toContain('Accept-Encoding');
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length);
    expect(JSON.parse(brotliDecompressSync(brotli.body).toString())).toEqual(expected);
    expect(brotli.body.length).toBeLessThan(plain.body.length / 4);

    const gzipped = await post(PAGE, 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzipped.body).toString())).toEqual(expected);

    expect((await post(PAGE, 'br;q=0, gzip;q=0')).headers['content-encoding']).toBeUndefined();
    const small = await post('{ customers(first: 1) { totalCount } }', 'br, gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ data: { customers: { totalCount: 60 } } });
  });

  it('gives a GET query an ETag and answers a repeat 304 until the data changes', async () => {
    h = await createGraphQLHarness('sqlite');
    await seedCustomers(3);
    const url = `${h.url}?query=${encodeURIComponent('{ customers { totalCount } }')}`;
    const first = await raw(url, { headers: h.authHeaders });
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers.vary).toContain('Authorization');

    const repeat = await raw(url, { headers: { ...h.authHeaders, 'if-none-match': etag } });
    expect(repeat.status).toBe(304);
    expect(repeat.body.length).toBe(0);

    await seedCustomers(1);
    const changed = await raw(url, { headers: { ...h.authHeaders, 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.body.toString())).toEqual({ data: { customers: { totalCount: 4 } } });
    expect(changed.headers.etag).not.toBe(etag);
    // A POST is not revalidated: it may be a mutation, and caches do not keep POST answers.
    expect((await post('{ customers { totalCount } }')).headers.etag).toBeUndefined();
  });

  it('reads Accept-Encoding weights as RFC 9110 says', () => {
    expect(acceptedEncoding(undefined)).toBeUndefined();
    expect(acceptedEncoding('gzip, deflate, br')).toBe('br');
    expect(acceptedEncoding('gzip;q=1.0, br;q=0.5')).toBe('gzip');
    expect(acceptedEncoding('*')).toBe('br');
    expect(acceptedEncoding('*, br;q=0')).toBe('gzip');
    expect(acceptedEncoding('identity')).toBeUndefined();
    expect(acceptedEncoding('GZIP')).toBe('gzip');
  });
});
