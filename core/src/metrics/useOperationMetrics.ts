import { performance } from 'node:perf_hooks';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './Metrics.js';

/**
 * Counts each GraphQL operation that executes, and times queries and mutations, by operation name
 * and type (Metrics.graphqlOperation bounds the names). Subscriptions are counted when they start;
 * their length is the client's choice, so it is not timed. An operation refused before execution
 * (a limit, a parse error) shows in the HTTP series with its status.
 */
export function useOperationMetrics(metrics: Metrics | undefined): Plugin {
  if (!metrics) return {};
  return {
    onExecute({ args }) {
      const started = performance.now();
      const { name, type } = describe(args.document, args.operationName);
      return {
        onExecuteDone({ result }) {
          const seconds = () => (performance.now() - started) / 1000;
          if (!isAsyncIterable(result)) {
            metrics.graphqlOperation(name, type, (result.errors?.length ?? 0) > 0, seconds());
            return undefined;
          }
          // @defer and @stream: done when the last part is sent.
          let failed = false;
          return {
            onNext({ result: part }) {
              if ((part.errors?.length ?? 0) > 0) failed = true;
            },
            onEnd() {
              metrics.graphqlOperation(name, type, failed, seconds());
            },
          };
        },
      };
    },
    onSubscribe({ args }) {
      const { name, type } = describe(args.document, args.operationName);
      metrics.graphqlOperation(name, type, false);
    },
  };
}

function describe(document: DocumentNode, operationName: string | null | undefined): { name: string | undefined; type: string } {
  const operation = getOperationAST(document, operationName);
  return { name: operation?.name?.value ?? operationName ?? undefined, type: operation?.operation ?? 'unknown' };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
