import { tracingActive } from './spans.js';

/** Where `rapport start` sends spans (`tracing` in rapport.config.json, or the OTEL_* environment). */
export interface TracingOptions {
  /** The OTLP/HTTP traces URL, `…/v1/traces`. */
  tracesUrl: string;
  serviceName: string;
}

/** How tracing runs in this process, and how to flush it on the way out. */
export interface TracingState {
  /**
   * `off`: nothing registered, the API is a no-op. `deployment`: a provider the deployment
   * registered itself (`node --import ./otel.js`) gets the spans. `exporting`: rapport registered
   * its own, exporting to `tracesUrl`.
   */
  readonly mode: 'off' | 'deployment' | 'exporting';
  /** Exports the spans still buffered and stops the exporter (nothing to do unless `exporting`). */
  shutdown(): Promise<void>;
}

const NOTHING_TO_FLUSH = () => Promise.resolve();

/**
 * Registers a tracer provider when the config asks for one: a NodeTracerProvider (the
 * AsyncLocalStorage context manager, W3C trace context propagation) with a BatchSpanProcessor and
 * the OTLP/HTTP exporter. The SDK and the exporter are imported here, only then: a deployment
 * without tracing loads none of them. A provider the deployment registered first is left in
 * place: then it chooses the exporter, the sampler and the rest.
 */
export async function startTracing(options: TracingOptions | undefined): Promise<TracingState> {
  if (tracingActive()) return { mode: 'deployment', shutdown: NOTHING_TO_FLUSH };
  if (!options) return { mode: 'off', shutdown: NOTHING_TO_FLUSH };
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: options.tracesUrl }))],
  });
  provider.register();
  return { mode: 'exporting', shutdown: () => provider.shutdown() };
}
