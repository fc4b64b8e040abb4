import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { graphql } from '../yogaGraphQL.js';

/**
 * `graphql.introspection: false`: graphql's NoSchemaIntrospectionCustomRule refuses `__schema`
 * and `__type` (`__typename` stays allowed), with a message that says why and where the schema is
 * described instead. Its code is yoga's GRAPHQL_VALIDATION_FAILED, as for any query the schema
 * does not allow.
 */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoIntrospectionRule);
    },
  };
}

const NoIntrospectionRule: ValidationRule = function NoIntrospectionRule(context: ValidationContext) {
  // The rule reports through the context; this one rewrites the report and delegates the rest.
  const explaining = Object.create(context, {
    reportError: {
      value: (error: GraphQLError) =>
        context.reportError(
          new graphql.GraphQLError(
            `${error.message} Introspection is off on this server (graphql.introspection: false); the schema is described in docs/graphql-api.md, or ask the operator to turn introspection on.`,
            { nodes: error.nodes },
          ),
        ),
    },
  }) as ValidationContext;
  return graphql.NoSchemaIntrospectionCustomRule(explaining);
};
