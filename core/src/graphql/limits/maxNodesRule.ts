import type {
  ASTVisitor,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  OperationDefinitionNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../connections.js';
import { queryTooComplex } from './queryTooComplex.js';
import { graphql } from '../yogaGraphQL.js';

const { TypeInfo, valueFromAST, valueFromASTUntyped, visit, visitWithTypeInfo } = graphql;

/**
 * The `maxNodes` limit as GitHub counts nodes: every connection (a field with a `first`
 * argument) may return `first` nodes for each node of the connections around it, so it counts
 * the product of `first` along its path, and the operation counts the sum over its connections.
 * `customers(first: 50) { edges { node { interactions(first: 10) … } } }` is 50 + 50 × 10 = 550.
 * A connection without `first` counts as the default page size; `first: $n` counts as the value
 * of `$n` in `variables`. Fragments count where they are spread.
 */
export function maxNodesRule(maxNodes: number, variables?: Record<string, unknown>): ValidationRule {
  return function MaxNodesRule(context: ValidationContext): ASTVisitor {
    return {
      OperationDefinition(operation) {
        const nodes = new NodeCounter(context, withDefaults(operation, variables)).count(operation);
        if (nodes > maxNodes) {
          context.reportError(
            queryTooComplex('maxNodes', maxNodes, `may return ${nodes} nodes`, 'Ask for smaller pages with first, or fewer nested connections,', [operation]),
          );
        }
        return false;
      },
    };
  };
}

/** The operation's variables, those the request leaves out at their declared defaults. */
function withDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): Record<string, unknown> {
  const values = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (values[name] === undefined && definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return values;
}

/** Counts the nodes of one operation; a fragment is counted once, however often it is spread. */
class NodeCounter {
  /** Nodes of each fragment for one node of its parent: counts are linear in the parent's count. */
  private readonly fragments = new Map<string, number>();

  constructor(
    private readonly context: ValidationContext,
    private readonly variables: Record<string, unknown> | undefined,
  ) {}

  count(definition: OperationDefinitionNode | FragmentDefinitionNode): number {
    const typeInfo = new TypeInfo(this.context.getSchema());
    // The number of nodes each enclosing field stands for; the operation stands for one.
    const multipliers = [1];
    let total = 0;
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter: (field) => {
            const pageSize = this.pageSize(typeInfo.getFieldDef(), field);
            const multiplier = multipliers.at(-1)! * (pageSize ?? 1);
            if (pageSize !== undefined) total += multiplier;
            multipliers.push(multiplier);
          },
          leave: () => {
            multipliers.pop();
          },
        },
        FragmentSpread: (spread) => {
          total += multipliers.at(-1)! * this.fragmentNodes(spread.name.value);
        },
      }),
    );
    return total;
  }

  private fragmentNodes(name: string): number {
    const known = this.fragments.get(name);
    if (known !== undefined) return known;
    const fragment = this.context.getFragment(name);
    // A cycle (reported by NoFragmentCyclesRule) or an unknown fragment adds nothing here.
    this.fragments.set(name, 0);
    const nodes = fragment ? this.count(fragment) : 0;
    this.fragments.set(name, nodes);
    return nodes;
  }

  /** The page a connection field asks for, or undefined for a field that is no connection. */
  private pageSize(definition: GraphQLField<unknown, unknown> | null | undefined, field: FieldNode): number | undefined {
    const first = definition?.args.find((argument) => argument.name === 'first');
    if (!first) return undefined;
    // A backward page (last) is as large as a forward one.
    const given = field.arguments?.find((argument) => argument.name.value === 'last') ?? field.arguments?.find((argument) => argument.name.value === 'first');
    const value = given ? valueFromAST(given.value, first.type, this.variables) : first.defaultValue;
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : DEFAULT_PAGE_SIZE;
  }
}
