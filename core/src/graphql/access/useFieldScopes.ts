import type { DocumentNode, FragmentDefinitionNode, GraphQLError as GraphQLErrorType, GraphQLSchema, OperationDefinitionNode, SelectionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Principal } from '../../access/Principal.js';
import type { Scope } from '../../access/scopes.js';
import { graphql } from '../yogaGraphQL.js';
import { fieldScopeTable } from './fieldScopes.js';

const { getNamedType, GraphQLError, isInterfaceType, isObjectType, TypeInfo, visit, visitWithTypeInfo } = graphql;

/** What the check found wrong with an operation, if anything. */
type Refusal = { code: 'UNAUTHENTICATED'; field: string } | { code: 'PERMISSION_DENIED'; field: string; scope: Scope };

/**
 * Checks, before anything runs, that the caller may read every field the operation selects (the
 * table of fieldScopes.ts). The whole operation is refused when one field is not allowed, so a
 * mutation never half-runs. A caller without a credential may only use `@anonymous` root fields
 * (login).
 *
 * `id` and `__typename` are free: an object is only reachable through a root field, which is
 * checked, and its id tells nothing more; a key that may only record interactions can then still
 * read back the id of what it recorded.
 */
export function useFieldScopes(): Plugin<{ principal?: Principal }> {
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; contextValue: unknown }): GraphQLErrorType | undefined => {
    const { principal } = args.contextValue as { principal?: Principal };
    const refusal = principal ? cachedRefusal(args.schema, args.document, principal) : anonymousRefusal(args.schema, args.document, args.operationName);
    return refusal && refusalError(refusal, principal);
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/**
 * A caller without a credential may run an operation whose root fields are all `@anonymous`
 * (login), whatever it selects below them: what login returns is the session it just opened.
 */
function anonymousRefusal(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): Refusal | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition' && (!operationName || definition.name?.value === operationName),
  );
  const root = operation && (operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType());
  if (!operation || !root) return { code: 'UNAUTHENTICATED', field: 'the operation' };
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === 'FragmentDefinition').map((fragment) => [fragment.name.value, fragment]),
  );
  const table = fieldScopeTable(schema);
  const rootFields = (selections: readonly SelectionNode[], seen: Set<string>): string[] =>
    selections.flatMap((selection) => {
      if (selection.kind === 'Field') return [selection.name.value];
      if (selection.kind === 'InlineFragment') return rootFields(selection.selectionSet.selections, seen);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return [];
      return rootFields(fragment.selectionSet.selections, new Set([...seen, fragment.name.value]));
    });
  const closed = rootFields(operation.selectionSet.selections, new Set()).find(
    (name) => name !== '__typename' && table.requirementOf(root.name, name).kind !== 'anonymous',
  );
  return closed === undefined ? undefined : { code: 'UNAUTHENTICATED', field: `${root.name}.${closed}` };
}

/**
 * The verdict depends only on the schema, the document and the scopes held, and yoga hands the
 * same DocumentNode for the same query text (its parse cache): a client repeating its queries
 * walks each one once per set of scopes, not on every request.
 */
const verdicts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Refusal | null>>>();

function cachedRefusal(schema: GraphQLSchema, document: DocumentNode, principal: Principal): Refusal | undefined {
  let bySchema = verdicts.get(schema);
  if (!bySchema) verdicts.set(schema, (bySchema = new WeakMap()));
  let byScopes = bySchema.get(document);
  if (!byScopes) bySchema.set(document, (byScopes = new Map()));
  const key = [...principal.scopes].sort().join(' ');
  let verdict = byScopes.get(key);
  if (verdict === undefined) byScopes.set(key, (verdict = firstRefusal(schema, document, principal) ?? null));
  return verdict ?? undefined;
}

function firstRefusal(schema: GraphQLSchema, document: DocumentNode, principal: Principal): Refusal | undefined {
  const table = fieldScopeTable(schema);
  const typeInfo = new TypeInfo(schema);
  let refusal: Refusal | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (refusal) return false;
        const name = node.name.value;
        const parent = typeInfo.getParentType();
        if (name === '__typename' || name === 'id' || !parent) return undefined;
        const field = `${parent.name}.${name}`;
        if (name === '__schema' || name === '__type') return false;
        if (!(isObjectType(parent) || isInterfaceType(parent))) return undefined;
        const requirement = table.requirementOf(parent.name, name);
        if (requirement.kind === 'scope' && !principal.scopes.has(requirement.scope)) {
          refusal = { code: 'PERMISSION_DENIED', field, scope: requirement.scope };
        }
        // Introspection types below __schema are not ours to gate.
        return getNamedType(typeInfo.getType())?.name.startsWith('__') ? false : undefined;
      },
    }),
  );
  return refusal;
}

function refusalError(refusal: Refusal, principal: Principal | undefined): GraphQLErrorType {
  if (refusal.code === 'UNAUTHENTICATED') {
    return new GraphQLError(
      `Authentication required for ${refusal.field}: send "Authorization: Bearer <token>" with an API key (rapport keys create) or the token of login.`,
      { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer realm="rapport"' } } } },
    );
  }
  const held = [...(principal?.scopes ?? [])].sort().join(', ') || 'none';
  return new GraphQLError(
    `Permission denied: ${refusal.field} needs the scope ${refusal.scope}, which this credential does not hold (it holds: ${held}). Use a key or a user whose role grants ${refusal.scope}.`,
    { extensions: { code: 'PERMISSION_DENIED', scope: refusal.scope, field: refusal.field, http: { status: 403 } } },
  );
}
