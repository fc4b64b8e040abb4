import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLLimits, GraphQLOptions } from '../../access/GraphQLOptions.js';
import { maxNodesRule } from './maxNodesRule.js';
import { queryTooComplex } from './queryTooComplex.js';
import { useBodyLimit } from './useBodyLimit.js';
import { useHiddenSuggestions } from './useHiddenSuggestions.js';
import { useNoIntrospection } from './useNoIntrospection.js';
import { graphql } from '../yogaGraphQL.js';

type ArmorConfig = NonNullable<ConstructorParameters<typeof EnvelopArmor>[0]>;
type RejectCallback = NonNullable<NonNullable<ArmorConfig['maxDepth']>['onReject']>[number];

/**
 * The yoga plugins that hold every request to `graphql` in the config (docs/security/limits.md):
 * the body size, then GraphQL Armor's token, alias and depth limits, the node count, the
 * introspection switch and, in production, no field suggestions. Each refusal is HTTP 400 with
 * code QUERY_TOO_COMPLEX and names its limit.
 */
export function limitPlugins(options: GraphQLOptions): Plugin[] {
  const { limits } = options;
  const armor = new EnvelopArmor({
    maxTokens: { n: limits.maxTokens, onReject: [refuseTokens(limits)] },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [refuseCounted('maxAliases', limits, (n) => `has ${n} aliases`, 'Ask for fewer aliased fields (recordInteractions replaces aliased batches)')] },
    maxDepth: {
      n: limits.maxDepth,
      // Depth is the nesting of fields: a fragment spread stands for its fields, in place.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [refuseCounted('maxDepth', limits, (n) => `is ${n} deep`, 'Flatten the query')],
    },
    blockFieldSuggestion: { enabled: options.production, mask: '' },
    // The node count (maxNodes) stands for the cost; the directive count is bounded by maxTokens.
    costLimit: { enabled: false },
    maxDirectives: { enabled: false },
  });
  return [
    useBodyLimit(limits.maxBodyBytes),
    ...(armor.protect().plugins as Plugin[]),
    useMaxNodes(limits.maxNodes),
    ...(options.introspection ? [] : [useNoIntrospection()]),
    ...(options.production ? [useHiddenSuggestions()] : []),
  ];
}

/** Armor throws the token limit from the parser, with no validation context: this error is thrown instead. */
function refuseTokens(limits: GraphQLLimits): RejectCallback {
  return () => {
    throw queryTooComplex('maxTokens', limits.maxTokens, `has more than ${limits.maxTokens} tokens`, 'Shorten the query (variables and fragments help)');
  };
}

/** Reports Armor's refusal as ours; Armor's message ("…, found 14.") carries the count. */
function refuseCounted(limit: 'maxAliases' | 'maxDepth', limits: GraphQLLimits, found: (n: string) => string, remedy: string): RejectCallback {
  return (context, error) => {
    const count = /found (\d+)/.exec(error.message)?.[1] ?? `more than ${limits[limit]}`;
    context?.reportError(queryTooComplex(limit, limits[limit], found(count), remedy));
  };
}

/**
 * The node count needs the request's variables (`first: $n`), which yoga's validation cache does
 * not key on: an operation without variables is checked with the other rules (and cached with
 * them), one with variables after validation, on every request.
 */
function useMaxNodes(maxNodes: number): Plugin {
  return {
    onValidate({ params, addValidationRule, context }) {
      const document: DocumentNode = params.documentAST;
      const hasVariables = document.definitions.some((definition) => definition.kind === graphql.Kind.OPERATION_DEFINITION && definition.variableDefinitions?.length);
      if (!hasVariables) {
        addValidationRule(maxNodesRule(maxNodes));
        return undefined;
      }
      const variables = (context as { params?: { variables?: Record<string, unknown> } }).params?.variables;
      return ({ valid, setResult }) => {
        if (!valid) return;
        const errors = graphql.validate(params.schema, document, [maxNodesRule(maxNodes, variables ?? undefined)]);
        if (errors.length) setResult([...errors]);
      };
    },
  };
}
