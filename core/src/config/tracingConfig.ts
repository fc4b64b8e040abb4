import type { ValidationProblem } from '@rapport/sdk';
import type { TracingOptions } from '../tracing/startTracing.js';

/** The `tracing` section of rapport.config.json. */
export interface TracingSection {
  otlpEndpoint?: string;
  serviceName?: string;
}

/** What `tracing.serviceName` and OTEL_SERVICE_NAME default to. */
export const DEFAULT_TRACING_SERVICE_NAME = 'rapport';

const HTTP_URL = /^https?:\/\/[^/?#]+(\/[^?#]*)?$/;

/** The JSON Schema of the `tracing` section. */
export const tracingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['otlpEndpoint'],
  properties: {
    otlpEndpoint: { type: 'string', pattern: HTTP_URL.source, description: 'the OTLP/HTTP base URL of a collector, such as "http://collector:4318" (spans go to its /v1/traces)' },
    serviceName: { type: 'string', minLength: 1, maxLength: 200, description: 'service.name of the spans (default "rapport")' },
  },
} as const;

/**
 * Where spans go, or undefined for no tracing (the default). The OpenTelemetry environment wins
 * over the file, as it does for every OpenTelemetry SDK: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the
 * traces URL itself), then `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL), then `tracing.otlpEndpoint`;
 * `OTEL_SERVICE_NAME` over `tracing.serviceName`. `OTEL_SDK_DISABLED=true` turns it all off.
 */
export function readTracingOptions(section: TracingSection | undefined, env: NodeJS.ProcessEnv, file: string, problems: ValidationProblem[]): TracingOptions | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const checked = (value: string, origin: string, field: string): string | undefined => {
    if (HTTP_URL.test(value)) return value;
    problems.push({ file: origin, field, message: `must be an http:// or https:// URL such as "http://collector:4318", got ${JSON.stringify(value)}` });
    return undefined;
  };
  const base = (url: string) => `${url.replace(/\/+$/, '')}/v1/traces`;
  let tracesUrl: string | undefined;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) tracesUrl = checked(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, 'environment', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  else if (env.OTEL_EXPORTER_OTLP_ENDPOINT) tracesUrl = checked(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'environment', 'OTEL_EXPORTER_OTLP_ENDPOINT') && base(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  else if (section?.otlpEndpoint) tracesUrl = checked(section.otlpEndpoint, file, 'tracing.otlpEndpoint') && base(section.otlpEndpoint);
  if (!tracesUrl) return undefined;
  return { tracesUrl, serviceName: env.OTEL_SERVICE_NAME || section?.serviceName || DEFAULT_TRACING_SERVICE_NAME };
}
