import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

/** What the readers of this module take of a resolver's info. */
export type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/**
 * Per query and field, the names selected at each path under it (one of the paths below, by
 * identity). The executor hands every parent of a list the same `fieldNodes` array, so each is
 * computed once, whatever the number of parents.
 */
const selectedBy = new WeakMap<readonly FieldNode[], Map<readonly string[], ReadonlySet<string>>>();
/** A connection's nodes, and the connection itself. */
const NODES: readonly string[] = ['edges', 'node'];
const CONNECTION: readonly string[] = [];

/**
 * The names of the fields a connection field's query selects on its nodes (`edges { node { … } }`),
 * through inline fragments and fragment spreads. `@include` and `@skip` count as selected: a
 * reader that loads a field the client skipped loads too much, never too little.
 */
export function selectedNodeFields(info: SelectionInfo): ReadonlySet<string> {
  return selectedAt(info, NODES);
}

/**
 * Whether a connection field's query selects its `pageInfo` (read as {@link selectedNodeFields}
 * reads). Without it, nobody asks whether there is more, and a page need not read one row more to
 * tell.
 */
export function selectsPageInfo(info: SelectionInfo): boolean {
  return selectedAt(info, CONNECTION).has('pageInfo');
}

function selectedAt(info: SelectionInfo, path: readonly string[]): ReadonlySet<string> {
  let byPath = selectedBy.get(info.fieldNodes);
  if (!byPath) selectedBy.set(info.fieldNodes, (byPath = new Map()));
  let names = byPath.get(path);
  if (!names) {
    const found = new Set<string>();
    const walk = (selectionSet: SelectionSetNode | undefined, depth: number): void =>
      forEachField(selectionSet, info.fragments, (field) => {
        if (depth === path.length) found.add(field.name.value);
        else if (field.name.value === path[depth]) walk(field.selectionSet, depth + 1);
      });
    for (const field of info.fieldNodes) walk(field.selectionSet, 0);
    byPath.set(path, (names = found));
  }
  return names;
}

function forEachField(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, visit: (field: FieldNode) => void): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) forEachField(selection.selectionSet, fragments, visit);
    else forEachField(fragments[selection.name.value]?.selectionSet, fragments, visit);
  }
}
