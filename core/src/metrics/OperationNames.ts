/** How many distinct operation names get a series of their own; later ones share "other". */
export const MAX_OPERATION_NAMES = 200;

/**
 * Operation names as series labels, with bounded cardinality: a client may name its operations
 * anything, and every distinct label is a series Prometheus keeps. Unnamed operations are
 * "anonymous"; the first {@link MAX_OPERATION_NAMES} names are kept as they are, later ones are
 * "other". Names are cut to 100 characters.
 */
export class OperationNames {
  private readonly known = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    const cut = name.slice(0, 100);
    if (this.known.has(cut)) return cut;
    if (this.known.size >= this.max) return 'other';
    this.known.add(cut);
    return cut;
  }
}
