import { getOperationAST, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Span } from '@opentelemetry/api';
import { otel } from './otelApi.js';
import { PLUGIN_ATTRIBUTE, SpanStatusCode, tracingActive, withSpan } from './spans.js';

const { trace } = otel;

/** The operation spans this plugin started, told apart from whatever else is active in `onExecute`. */
const operationSpans = new WeakSet<Span>();

/**
 * The GraphQL operation's span: wraps yoga's execute phase (its `instrumentation`), so that the
 * resolver and SQL spans of the operation are its children, and names it after the operation
 * (`query CustomerPage`) once the document is known. Subscriptions get none: they last for hours.
 */
export function useTracing(): Plugin {
  return {
    instrumentation: {
      execute: (_payload, wrapped) =>
        withSpan('graphql.operation', {}, (span) => {
          if (span.isRecording()) operationSpans.add(span);
          return wrapped();
        }),
    },
    onExecute({ args }) {
      if (!tracingActive()) return undefined;
      const span = trace.getActiveSpan();
      if (!span || !operationSpans.has(span)) return undefined;
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? 'query';
      const name = operation?.name?.value;
      span.updateName(name ? `${type} ${name}` : type);
      span.setAttributes({ 'graphql.operation.type': type, ...(name && { 'graphql.operation.name': name }) });
      return {
        onExecuteDone({ result }) {
          const errors = (result as { errors?: readonly { message: string }[] }).errors;
          if (errors?.length) span.setStatus({ code: SpanStatusCode.ERROR, message: errors[0]!.message });
        },
      };
    },
  };
}

type FieldResolver = GraphQLFieldResolver<unknown, unknown>;

/**
 * The core's resolver maps with a span around each root field (`Query.*`, `Mutation.*`): the
 * fields that do an operation's real work. Fields below the root get none; they read what the
 * root field's loaders fetched, and a span per field of a page of a hundred customers would cost
 * more than the fields. Their SQL still shows, under the operation span. (Plugins' fields get
 * their own spans, with `rapport.plugin`, where they are called: {@link withResolverSpan}.)
 */
export function traceRootFields<T extends Record<string, object>>(maps: T[]): T[] {
  return maps.map((map) => {
    const traced: Record<string, object> = { ...map };
    for (const type of ['Query', 'Mutation']) {
      const fields = map[type] as Record<string, FieldResolver | { resolve?: FieldResolver }> | undefined;
      if (!fields) continue;
      traced[type] = Object.fromEntries(
        Object.entries(fields).map(([field, resolver]) => {
          if (typeof resolver === 'function') return [field, spanned(resolver)];
          if (typeof resolver?.resolve === 'function') return [field, { ...resolver, resolve: spanned(resolver.resolve) }];
          return [field, resolver];
        }),
      );
    }
    return traced as T;
  });
}

function spanned(resolve: FieldResolver): FieldResolver {
  return (parent, args, ctx, info) => withResolverSpan(info, undefined, () => resolve(parent, args, ctx, info));
}

/** Runs a field's resolver in a span `Type.field`; `plugin` names the plugin whose resolver it is. */
export function withResolverSpan<T>(info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'>, plugin: string | undefined, resolve: () => T): T {
  if (!tracingActive()) return resolve();
  const coordinate = `${info.parentType.name}.${info.fieldName}`;
  return withSpan(
    `resolve ${coordinate}`,
    { 'graphql.field.name': info.fieldName, 'graphql.field.parent_type': info.parentType.name, 'graphql.field.coordinate': coordinate, ...(plugin && { [PLUGIN_ATTRIBUTE]: plugin }) },
    resolve,
  );
}
