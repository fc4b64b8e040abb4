import { Kind, type ConstDirectiveNode, type GraphQLField, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { DEFAULT_FIELD_SCOPE, isScope, type Scope } from '../../access/scopes.js';
import { graphql } from '../yogaGraphQL.js';

const { isInterfaceType, isObjectType } = graphql;

/**
 * What a field needs: a scope, any credential (`@authenticated`), or nothing at all
 * (`@anonymous`, for login).
 */
export type FieldRequirement = { kind: 'scope'; scope: Scope } | { kind: 'authenticated' } | { kind: 'anonymous' };

/** The requirement of every field of a schema, by `Type.field`. */
export interface FieldScopeTable {
  requirementOf(typeName: string, fieldName: string): FieldRequirement;
  /** Every entry, for the docs: `Type.field` → requirement. */
  entries(): [string, FieldRequirement][];
}

const DEFAULT_REQUIREMENT: FieldRequirement = { kind: 'scope', scope: DEFAULT_FIELD_SCOPE };

const tables = new WeakMap<GraphQLSchema, FieldScopeTable>();

/**
 * The one table of who may read which field, read from the schema's directives: a field's own
 * `@requiresScope`/`@authenticated`/`@anonymous`, else its type's, else customers:read. The
 * core's SDL and the plugins' SDL declare them the same way, so a plugin's field is checked like
 * a core field. Built once per schema.
 */
export function fieldScopeTable(schema: GraphQLSchema): FieldScopeTable {
  let table = tables.get(schema);
  if (!table) {
    table = buildTable(schema);
    tables.set(schema, table);
  }
  return table;
}

function buildTable(schema: GraphQLSchema): FieldScopeTable {
  const requirements = new Map<string, FieldRequirement>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    const typeRequirement = declaredRequirement(type.name, directivesOfType(type)) ?? DEFAULT_REQUIREMENT;
    for (const field of Object.values(type.getFields())) {
      requirements.set(`${type.name}.${field.name}`, declaredRequirement(`${type.name}.${field.name}`, directivesOfField(field)) ?? typeRequirement);
    }
  }
  return {
    requirementOf: (typeName, fieldName) => requirements.get(`${typeName}.${fieldName}`) ?? DEFAULT_REQUIREMENT,
    entries: () => [...requirements.entries()],
  };
}

/** A type's directives, from its definition and every `extend type` of it. */
function directivesOfType(type: GraphQLObjectType | GraphQLInterfaceType): readonly ConstDirectiveNode[] {
  return [type.astNode, ...type.extensionASTNodes].flatMap((node) => node?.directives ?? []);
}

function directivesOfField(field: GraphQLField<unknown, unknown>): readonly ConstDirectiveNode[] {
  return field.astNode?.directives ?? [];
}

function declaredRequirement(where: string, directives: readonly ConstDirectiveNode[]): FieldRequirement | undefined {
  const named = (name: string) => directives.find((directive) => directive.name.value === name);
  if (named('anonymous')) return { kind: 'anonymous' };
  if (named('authenticated')) return { kind: 'authenticated' };
  const argument = named('requiresScope')?.arguments?.find((arg) => arg.name.value === 'scope');
  if (!argument) return undefined;
  const scope = argument.value.kind === Kind.STRING ? argument.value.value : '';
  // Plugins' SDL is checked when it joins the schema (checkPluginSchemas); this guards the core's.
  if (!isScope(scope)) throw new Error(`@requiresScope on ${where} names no scope: "${scope}"`);
  return { kind: 'scope', scope };
}
