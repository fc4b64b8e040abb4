/**
 * What a page costs on the wire: its size and the time to fetch it, sent plain, gzipped and with
 * brotli, one request at a time (node:http, so the bytes are counted as they travel).
 */
import { request as httpRequest } from 'node:http';
import { withBenchCredential } from './benchCredential.js';

const SAMPLES = 40;

interface Fetched {
  bytes: number;
  ms: number;
  encoding: string;
}

function fetchRaw(url: string, body: string, acceptEncoding: string | undefined): Promise<Fetched> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers = withBenchCredential({ 'content-type': 'application/json', ...(acceptEncoding && { 'accept-encoding': acceptEncoding }) });
    const call = httpRequest(url, { method: 'POST', headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ bytes, ms: performance.now() - started, encoding: String(response.headers['content-encoding'] ?? 'identity') }));
    });
    call.on('error', reject);
    call.end(body);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The page's bytes and median fetch time per encoding, with the plain page as the baseline. */
export async function measurePageTransport(url: string, query: string) {
  const body = JSON.stringify({ query });
  const result: Record<string, { bytes: number; medianMs: number; sentAs: string }> = {};
  for (const [name, accept] of [['identity', undefined], ['gzip', 'gzip'], ['br', 'br, gzip']] as const) {
    const samples: Fetched[] = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await fetchRaw(url, body, accept));
    result[name] = { bytes: samples[0]!.bytes, medianMs: Math.round(median(samples.map((s) => s.ms)) * 100) / 100, sentAs: samples[0]!.encoding };
  }
  return { ...result, brotliShareOfPlain: Math.round((result.br!.bytes / result.identity!.bytes) * 1000) / 1000, samplesPerEncoding: SAMPLES };
}
