import parsePrometheusTextFormat, { type ParsedFamily, type ParsedSample } from 'parse-prometheus-text-format';

/** A scrape of /metrics, parsed by an independent Prometheus text parser (not prom-client). */
export class Scrape {
  readonly families: Map<string, ParsedFamily>;
  /**
   * The histograms' `_count` and `_sum` samples as plain ones: the parser folds a histogram's
   * samples into one and keeps their labels only for histograms without labels of their own, so
   * they are read from the text parsed again with the histograms' TYPE lines left out.
   */
  private readonly samples: Map<string, ParsedFamily>;

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    const histograms = new Set([...this.families.values()].filter((family) => family.type === 'HISTOGRAM').map((family) => family.name));
    const untyped = text
      .split('\n')
      .filter((line) => !(/^# (HELP|TYPE) /.test(line) && histograms.has(line.split(' ')[2]!)))
      .join('\n');
    this.samples = new Map(parsePrometheusTextFormat(untyped).map((family) => [family.name, family]));
  }

  family(name: string): ParsedFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`no series ${name} in the scrape:\n${this.text}`);
    return family;
  }

  /** The value of the sample with these labels (0 when it has not appeared yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    const sample = this.sample(name, labels);
    return sample ? Number(sample.value) : 0;
  }

  /** A histogram's count of observations with these labels (0 when it has none yet). */
  count(name: string, labels: Record<string, string> = {}): number {
    if (this.family(name).type !== 'HISTOGRAM') throw new Error(`${name} is not a histogram`);
    const family = this.samples.get(`${name}_count`);
    const sample = family && matching(family, labels);
    return sample ? Number(sample.value) : 0;
  }

  private sample(name: string, labels: Record<string, string>): ParsedSample | undefined {
    return matching(this.family(name), labels);
  }
}

function matching(family: ParsedFamily, labels: Record<string, string>): ParsedSample | undefined {
  return family.metrics.find((sample) => Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value));
}

/** GETs /metrics with the token and parses the answer; fails on anything but 200. */
export async function scrape(baseUrl: string, token: string): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain')) throw new Error(`GET /metrics answered ${response.headers.get('content-type')}`);
  return new Scrape(text);
}
