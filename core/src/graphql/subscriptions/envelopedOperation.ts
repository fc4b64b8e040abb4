import type { ExecutionArgs, ExecutionResult, GraphQLError as GraphQLErrorType } from 'graphql';
import type { GraphQLParams, Plugin, YogaServerInstance } from 'graphql-yoga';
import { graphql } from '../yogaGraphQL.js';

const { getOperationAST, GraphQLError } = graphql;

// The server's own context types do not matter here: operations only pass through it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyYoga = YogaServerInstance<any, any>;

/** An operation ready to run as yoga would run it, or why it cannot run. */
export type EnvelopedOperation =
  | { kind: 'refused'; result: ExecutionResult }
  | { kind: 'ready'; args: ExecutionArgs; run: () => unknown };

type OnParams = NonNullable<Plugin['onParams']>;

/**
 * Prepares one operation that came in through a transport yoga does not parse itself (graphql-ws,
 * graphql-sse) the way yoga prepares an HTTP request's: the plugins' `onParams` hooks first (the
 * persisted operation list: ids become documents, and `onlyListed` refuses texts), then yoga's
 * `getEnveloped` with `initialContext`, so parse, validation, context, limits, field scopes, error
 * codes and masking are those of HTTP.
 */
export async function envelopedOperation(yoga: AnyYoga, initialContext: Record<PropertyKey, unknown>, given: GraphQLParams): Promise<EnvelopedOperation> {
  let params = given;
  let early: ExecutionResult | undefined;
  try {
    for (const onParams of paramsHooksOf(yoga)) {
      await onParams({
        request: initialContext.request as Request,
        params,
        setParams: (next) => {
          params = next;
        },
        setResult: (result) => {
          early = result as ExecutionResult;
        },
        paramsHandler: () => {
          throw new Error('not used outside yoga');
        },
        setParamsHandler: () => {},
        fetchAPI: yoga.fetchAPI,
        context: initialContext,
      });
      if (early) return { kind: 'refused', result: early };
    }
  } catch (error) {
    if (error instanceof GraphQLError) return refused([error]);
    throw error;
  }

  initialContext.params = params;
  const enveloped = yoga.getEnveloped(initialContext);
  let document;
  try {
    document = enveloped.parse(params.query ?? '');
  } catch (error) {
    if (error instanceof GraphQLError) return refused([error]);
    throw error;
  }
  const errors = enveloped.validate(enveloped.schema, document);
  if (errors.length > 0) return refused(errors);
  const args: ExecutionArgs = {
    schema: enveloped.schema,
    document,
    operationName: params.operationName,
    variableValues: params.variables,
    contextValue: await enveloped.contextFactory(),
  };
  const subscription = getOperationAST(document, params.operationName)?.operation === 'subscription';
  return { kind: 'ready', args, run: () => (subscription ? enveloped.subscribe(args) : enveloped.execute(args)) };
}

const hooks = new WeakMap<AnyYoga, OnParams[]>();

/** Yoga keeps its list of `onParams` hooks private; the list of its plugins is only protected. */
function paramsHooksOf(yoga: AnyYoga): OnParams[] {
  let found = hooks.get(yoga);
  if (!found) {
    const plugins = (yoga as unknown as { plugins: (Plugin | undefined)[] }).plugins;
    found = plugins.flatMap((plugin) => (plugin?.onParams ? [plugin.onParams.bind(plugin) as OnParams] : []));
    hooks.set(yoga, found);
  }
  return found;
}

function refused(errors: readonly GraphQLErrorType[]): EnvelopedOperation {
  return { kind: 'refused', result: { errors } };
}
