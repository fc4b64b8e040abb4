import { Kind, visit, BREAK, type ASTNode, type DocumentNode, type GraphQLError, type ValueNode } from 'graphql';

/**
 * Where in a request an error's input is: `extensions.field` (docs/graphql.md, "Errors"). An
 * argument or an input field in the document is a dotted path from the argument
 * (`input.occurredAt`, `inputs[2].customerId`); a variable, or a field in a variable's value,
 * starts with `$` (`$input`, `$input.occurredAt`).
 */
export interface ErrorField {
  field: string;
  /** The message does not say where the value is (a literal of the wrong type): it should start with the field. */
  unnamed: boolean;
}

const NAME = '[_A-Za-z][_0-9A-Za-z]*';

/**
 * The variable a variable error is about, from graphql-js's message, which is the only place it
 * says it: `Variable "$input" got invalid value "…" at "input.occurredAt"; …` is
 * `$input.occurredAt`, `Variable "$input" of required type … was not provided.` is `$input`.
 */
export function variableField(message: string): string | undefined {
  const variable = new RegExp(`^Variable "\\$(${NAME})"`).exec(message)?.[1];
  if (!variable) return undefined;
  const at = new RegExp(` at "(${variable}(?:[.[][^"]*)?)"; `).exec(message)?.[1];
  return `$${at ?? variable}`;
}

/**
 * The input a validation error is about, from the nodes it points at in the document: the literal
 * of the wrong type, the unknown argument or input field, the variable. Undefined for an error
 * about something else (an unknown field of a selection, a fragment).
 */
export function documentField(error: GraphQLError, document: DocumentNode | undefined): ErrorField | undefined {
  const target = error.nodes?.[0];
  if (!target || !document) return undefined;
  if (target.kind === Kind.VARIABLE) return { field: `$${target.name.value}`, unnamed: false };
  const missingArgument = new RegExp(`argument "(${NAME})" of type "[^"]+" is required`).exec(error.message)?.[1];
  if (missingArgument) return { field: missingArgument, unnamed: false };
  const found = locate(document, target);
  if (!found) return undefined;
  // "Field "Input.name" of required type "String!" was not provided.": the object that lacks it.
  const missingField = new RegExp(`^Field "${NAME}\\.(${NAME})" of required type`).exec(error.message)?.[1];
  if (missingField) return { field: `${found.path}.${missingField}`, unnamed: false };
  return { field: found.path, unnamed: found.isValue };
}

/** The path of `target` among the document's variable definitions and arguments. */
function locate(document: DocumentNode, target: ASTNode): { path: string; isValue: boolean } | undefined {
  let found: { path: string; isValue: boolean } | undefined;
  visit(document, {
    VariableDefinition(node) {
      const name = `$${node.variable.name.value}`;
      if (same(node, target) || same(node.variable, target) || same(node.type, target)) found = { path: name, isValue: false };
      else if (node.defaultValue) found = inValue(node.defaultValue, target, name);
      return found ? BREAK : undefined;
    },
    Argument(node) {
      const name = node.name.value;
      found = same(node, target) || same(node.name, target) ? { path: name, isValue: false } : inValue(node.value, target, name);
      return found ? BREAK : undefined;
    },
  });
  return found;
}

function inValue(value: ValueNode, target: ASTNode, path: string): { path: string; isValue: boolean } | undefined {
  if (same(value, target)) return { path, isValue: true };
  if (value.kind === Kind.LIST) {
    for (const [index, item] of value.values.entries()) {
      const found = inValue(item, target, `${path}[${index}]`);
      if (found) return found;
    }
  }
  if (value.kind === Kind.OBJECT) {
    for (const field of value.fields) {
      const fieldPath = `${path}.${field.name.value}`;
      if (same(field, target) || same(field.name, target)) return { path: fieldPath, isValue: false };
      const found = inValue(field.value, target, fieldPath);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The same node: by identity, or by kind and place in the source (a cached validation result may
 * point into an earlier parse of the same text).
 */
function same(node: ASTNode, target: ASTNode): boolean {
  if (node === target) return true;
  return node.kind === target.kind && node.loc !== undefined && target.loc !== undefined && node.loc.start === target.loc.start && node.loc.end === target.loc.end;
}
