/** The dependency edges of the plugins: plugin name → names it depends on. */
export type DependencyEdges = ReadonlyMap<string, readonly string[]>;

/**
 * Finds the dependency cycles among the plugins, each returned as a closed path such as
 * `["a", "b", "a"]`. Uses Tarjan's strongly connected components, so every plugin that is part
 * of any cycle is reported once, whatever the order of the config file.
 */
export function findCycles(edges: DependencyEdges): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (node: string): void => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(node, Math.min(lowLinks.get(node)!, lowLinks.get(next)!));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowLinks.get(node) !== indices.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = component.length === 1 && (edges.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) cycles.push(closedPath(component, edges));
  };

  for (const node of edges.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

/** Walks the component along its edges from its alphabetically first member, for a stable message. */
function closedPath(component: string[], edges: DependencyEdges): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const path = [start];
  const visited = new Set([start]);
  for (let current = start; ; ) {
    const next = (edges.get(current) ?? []).filter((n) => members.has(n)).sort().find((n) => !visited.has(n) || n === start);
    if (!next || next === start) break;
    path.push(next);
    visited.add(next);
    current = next;
  }
  path.push(start);
  return path;
}

/**
 * Orders plugins so that every plugin comes after the plugins it depends on; plugins with no
 * ordering constraint keep their order in `names` (the config file's order). Edges to names that
 * are not in `names` are ignored, and so are cycles (they are reported separately).
 */
export function dependencyOrder(names: readonly string[], edges: DependencyEdges): string[] {
  const included = new Set(names);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (name: string): void => {
    if (placed.has(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const dependency of edges.get(name) ?? []) if (included.has(dependency)) place(dependency);
    visiting.delete(name);
    placed.add(name);
    ordered.push(name);
  };
  for (const name of names) place(name);
  return ordered;
}
