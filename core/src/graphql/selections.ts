import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

/** What {@link selectedNodeFields} reads of a resolver's info. */
export type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/** Per query and field: the executor hands every parent of a list the same `fieldNodes` array. */
const nodeFieldsOf = new WeakMap<readonly FieldNode[], ReadonlySet<string>>();

/**
 * The names of the fields a connection field's query selects on its nodes (`edges { node { … } }`),
 * through inline fragments and fragment spreads. `@include` and `@skip` count as selected: a
 * reader that loads a field the client skipped loads too much, never too little. Computed once
 * per field of a query, whatever the number of parents.
 */
export function selectedNodeFields(info: SelectionInfo): ReadonlySet<string> {
  let fields = nodeFieldsOf.get(info.fieldNodes);
  if (!fields) {
    const found = new Set<string>();
    for (const connection of info.fieldNodes) {
      forEachField(connection.selectionSet, info.fragments, (edges) => {
        if (edges.name.value !== 'edges') return;
        forEachField(edges.selectionSet, info.fragments, (node) => {
          if (node.name.value !== 'node') return;
          forEachField(node.selectionSet, info.fragments, (field) => found.add(field.name.value));
        });
      });
    }
    nodeFieldsOf.set(info.fieldNodes, (fields = found));
  }
  return fields;
}

function forEachField(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, visit: (field: FieldNode) => void): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) forEachField(selection.selectionSet, fragments, visit);
    else forEachField(fragments[selection.name.value]?.selectionSet, fragments, visit);
  }
}
