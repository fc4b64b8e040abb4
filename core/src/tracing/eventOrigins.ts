import type { Context, Link, SpanContext } from '@opentelemetry/api';
import { otel } from './otelApi.js';
import { tracingActive } from './spans.js';

const { ROOT_CONTEXT, trace } = otel;

/** Events whose origin is remembered at most: beyond it, the oldest are forgotten first. */
export const MAX_REMEMBERED_ORIGINS = 10_000;

/**
 * The span that wrote each event this process committed, so that the event's delivery, which the
 * outbox runs later and apart from the request, joins the request's trace. Kept in memory only: an
 * event delivered by another instance, or after a restart, starts a trace of its own.
 */
const origins = new Map<string, SpanContext>();

/**
 * Remembers the active span as the origin of the durable events among `staged` (called after
 * their commit). Events a statement wrote for itself (no `event` here) have none.
 */
export function noteEventOrigins(staged: readonly { event?: { id: string }; durable: boolean }[]): void {
  if (!tracingActive()) return;
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  const origin = span.spanContext();
  for (const { event, durable } of staged) {
    if (!event || !durable) continue;
    const { id } = event;
    origins.delete(id);
    origins.set(id, origin);
    if (origins.size > MAX_REMEMBERED_ORIGINS) origins.delete(origins.keys().next().value!);
  }
}

/** The context an event's delivery runs in: under its origin's span, or a trace of its own. */
export function eventDeliveryContext(id: string | null | undefined): Context {
  const origin = id ? origins.get(id) : undefined;
  return origin ? trace.setSpanContext(ROOT_CONTEXT, origin) : ROOT_CONTEXT;
}

/** Links from a span about several events (a claim) to the spans that wrote them. */
export function eventOriginLinks(ids: Iterable<string>): Link[] {
  const links: Link[] = [];
  for (const id of ids) {
    const origin = origins.get(id);
    if (origin) links.push({ context: origin });
  }
  return links;
}
