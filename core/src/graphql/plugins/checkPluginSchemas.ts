import { buildASTSchema, extendSchema, Kind, print, validateSchema, type DefinitionNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { errorMessage } from '../../util/errorMessage.js';
import { scopeDirectiveProblem } from './pluginScopeDirectives.js';
import type { PluginSchema, PluginSchemaFailure } from './readPluginSchemas.js';

const CORE = 'the core schema';

/**
 * Decides which plugin schemas join the core's, in config order: the first definer of a type or
 * field keeps it, and a later plugin that defines it again fails, with both names and the field in
 * the message. Each accepted schema must also extend the schema built so far validly (known types,
 * valid interfaces), so a bad schema fails its own plugin and never breaks the server.
 */
export function checkPluginSchemas(core: DocumentNode, schemas: readonly PluginSchema[]): { accepted: PluginSchema[]; failures: PluginSchemaFailure[] } {
  const owners = new Map<string, string>(definedCoordinates(core).map((coordinate) => [coordinate, CORE]));
  let schema: GraphQLSchema = buildASTSchema(core);
  const accepted: PluginSchema[] = [];
  const failures: PluginSchemaFailure[] = [];
  for (const candidate of schemas) {
    const coordinates = definedCoordinates(candidate.document);
    const clash = coordinates.find((coordinate) => owners.has(coordinate));
    if (clash) {
      failures.push({ plugin: candidate.plugin, message: conflictMessage(candidate, clash, owners.get(clash)!) });
      continue;
    }
    const nonNull = nonNullAddedField(candidate.document);
    if (nonNull) {
      failures.push({
        plugin: candidate.plugin,
        message:
          `Plugin "${candidate.plugin}": its GraphQL schema ${candidate.file} adds ${nonNull.coordinate}: ${nonNull.type}, which is non-null. ` +
          `Fields a plugin adds to types it does not define must be nullable (${nonNull.type.slice(0, -1)}), so that they answer null with NOT_AVAILABLE while the plugin is disabled or failed, and the rest of the response still arrives.`,
      });
      continue;
    }
    const scopeProblem = scopeDirectiveProblem(candidate.document);
    if (scopeProblem) {
      failures.push({ plugin: candidate.plugin, message: `Plugin "${candidate.plugin}": its GraphQL schema ${candidate.file}: ${scopeProblem}.` });
      continue;
    }
    try {
      const extended = extendSchema(schema, candidate.document);
      const errors = validateSchema(extended);
      if (errors.length > 0) throw new Error(errors.map((error) => error.message).join(' '));
      schema = extended;
    } catch (error) {
      failures.push({
        plugin: candidate.plugin,
        message: `Plugin "${candidate.plugin}": its GraphQL schema ${candidate.file} does not fit the server's schema: ${errorMessage(error)}`,
      });
      continue;
    }
    for (const coordinate of coordinates) owners.set(coordinate, candidate.plugin);
    accepted.push(candidate);
  }
  return { accepted, failures };
}

/**
 * The first field the document adds to a type it does not define (an `extend type`) with a
 * non-null type. A plugin's fields answer NOT_AVAILABLE while it cannot serve them; a non-null
 * one would turn that into null for its whole parent, up to the whole response.
 */
function nonNullAddedField(document: DocumentNode): { coordinate: string; type: string } | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    const field = definition.fields?.find((candidate) => candidate.type.kind === Kind.NON_NULL_TYPE);
    if (field) return { coordinate: `${definition.name.value}.${field.name.value}`, type: print(field.type) };
  }
  return undefined;
}

function conflictMessage(candidate: PluginSchema, coordinate: string, owner: string): string {
  const what = coordinate.includes('.') ? `field ${coordinate}` : `type ${coordinate}`;
  if (owner === CORE) {
    return (
      `Plugin "${candidate.plugin}": its GraphQL schema ${candidate.file} defines ${what}, which ${CORE} already defines. ` +
      'Plugins add types and fields; rename this one in the plugin.'
    );
  }
  return (
    `Plugin "${candidate.plugin}": its GraphQL schema ${candidate.file} defines ${what}, which plugin "${owner}" already defines. ` +
    `Plugins "${owner}" and "${candidate.plugin}" cannot both define it; remove one of them from plugins in rapport.config.json, or rename the ${coordinate.includes('.') ? 'field' : 'type'} in one of them.`
  );
}

/** `Type`, `Type.field` and `Enum.VALUE` coordinates a document defines or adds, and `@directive`s. */
export function definedCoordinates(document: DocumentNode): string[] {
  return document.definitions.flatMap((definition) => coordinatesOf(definition));
}

function coordinatesOf(definition: DefinitionNode): string[] {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      return [definition.name.value, ...(definition.fields ?? []).map((field) => `${definition.name.value}.${field.name.value}`)];
    case Kind.OBJECT_TYPE_EXTENSION:
    case Kind.INTERFACE_TYPE_EXTENSION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
      return (definition.fields ?? []).map((field) => `${definition.name.value}.${field.name.value}`);
    case Kind.ENUM_TYPE_DEFINITION:
      return [definition.name.value, ...(definition.values ?? []).map((value) => `${definition.name.value}.${value.name.value}`)];
    case Kind.ENUM_TYPE_EXTENSION:
      return (definition.values ?? []).map((value) => `${definition.name.value}.${value.name.value}`);
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.UNION_TYPE_DEFINITION:
      return [definition.name.value];
    case Kind.DIRECTIVE_DEFINITION:
      return [`@${definition.name.value}`];
    default:
      return [];
  }
}
