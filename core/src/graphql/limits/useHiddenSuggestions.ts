import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Every "Did you mean …?" graphql-js writes: fields, arguments, types, and "the enum value …". */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * In production, no error names a field, type or value the client did not ask for. GraphQL
 * Armor's block-field-suggestions masks the quoted suggestions of validation; this also removes
 * the enum value suggestions (in validation, and in variables, which are checked as the operation
 * executes), which its pattern does not match.
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onValidate() {
      return ({ valid, result }) => {
        if (!valid) (result as GraphQLError[]).forEach(hideSuggestion);
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result }) {
          if (!(Symbol.asyncIterator in result)) (result as ExecutionResult).errors?.forEach(hideSuggestion);
        },
      };
    },
  };
}

function hideSuggestion(error: GraphQLError): void {
  // GraphQLError's message is a plain property; graphql-js and Armor rewrite it in place too.
  if (error.message.includes('Did you mean')) error.message = error.message.replace(SUGGESTION, '').trim();
}
