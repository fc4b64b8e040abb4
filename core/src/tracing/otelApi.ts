/**
 * `@opentelemetry/api`, for the tracing helpers; the other folders take what they need of it
 * (the kinds and status codes of spans) from tracing/, so the API has one way into the core.
 * Under the test runner it is aliased to its CommonJS build, as Node loads it (vitest.config.ts).
 */
export * as otel from '@opentelemetry/api';
export { SpanKind, SpanStatusCode } from '@opentelemetry/api';
