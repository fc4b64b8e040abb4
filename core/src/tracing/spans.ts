import type { Attributes, Context, Link, Span, SpanKind } from '@opentelemetry/api';
import { otel } from './otelApi.js';

export { SpanKind, SpanStatusCode } from './otelApi.js';

const { context, INVALID_SPAN_CONTEXT, ProxyTracerProvider, ROOT_CONTEXT, SpanStatusCode, trace } = otel;

/** The name of the core's tracer: every span the core makes is under it. */
export const TRACER_NAME = '@rapport/core';

/** The attribute naming the plugin whose code a span runs (a handler, a resolver, an annotator). */
export const PLUGIN_ATTRIBUTE = 'rapport.plugin';

// A proxy: it follows whichever provider is registered, before or after this module loads.
const tracer = trace.getTracer(TRACER_NAME);

/** What a span callback gets while tracing is off: records nothing, costs nothing. */
const INACTIVE_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * Whether a tracer provider is registered (by `rapport start` from the config, or by the
 * deployment's own `--import`). Without one, the API is a no-op, and the helpers here skip even
 * the no-op's allocations: tracing off must cost next to nothing on the hot paths.
 */
export function tracingActive(): boolean {
  const provider = trace.getTracerProvider();
  // A provider from another copy of the API is not our proxy class: someone registered it.
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(TRACER_NAME) !== undefined;
}

/** Where a span goes and what kind it is. */
export interface SpanOptions {
  kind?: SpanKind;
  /** The parent context; by default the active one. `ROOT_CONTEXT` starts a trace of its own. */
  parent?: Context;
  links?: Link[];
}

/**
 * Runs `fn` in a span named `name` (active while it runs, so spans started inside are its
 * children), ended when `fn` returns or its promise settles. A throw or a rejection is recorded on
 * the span as an exception with status ERROR, then passed on. With tracing off, `fn` simply runs.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => T, options: SpanOptions = {}): T {
  if (!tracingActive()) return fn(INACTIVE_SPAN);
  const { kind, links, parent = context.active() } = options;
  return tracer.startActiveSpan(name, { attributes, ...(kind !== undefined && { kind }), ...(links && { links }) }, parent, (span) => {
    let result: T;
    try {
      result = fn(span);
    } catch (error) {
      failSpan(span, error);
      span.end();
      throw error;
    }
    if (!isPromiseLike(result)) {
      span.end();
      return result;
    }
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        failSpan(span, error);
        span.end();
        throw error;
      },
    ) as T;
  });
}

/**
 * Records a span after the fact, from `startTime` to now, as the root of a trace of its own: for
 * work worth a span only once its outcome is known (an outbox claim that found events; an empty
 * one, four times a second, would only be noise).
 */
export function recordSpan(name: string, startTime: number, attributes: Attributes, links: Link[] = []): void {
  if (!tracingActive()) return;
  tracer.startSpan(name, { startTime, attributes, links, root: true }, ROOT_CONTEXT).end();
}

/** Whether a span is active now: SQL statements outside any trace (pollers, timers) get none. */
export function insideTrace(): boolean {
  return tracingActive() && trace.getSpan(context.active()) !== undefined;
}

/** Marks `span` failed with `error`. */
export function failSpan(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  else span.recordException(String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
