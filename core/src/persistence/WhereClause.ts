/**
 * A where clause built from conditions that each bring their own parameters, for reads whose
 * filters are optional: `?` placeholders only, so values are always bound, never spliced in.
 */
export class WhereClause {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `condition` (with as many `?` as `params`), joined to the others with `and`. */
  add(condition: string, ...params: unknown[]): this {
    this.parts.push(condition);
    this.params.push(...params);
    return this;
  }

  /** `where … and …`, or nothing when no condition was added. */
  get sql(): string {
    return this.parts.length === 0 ? '' : `where ${this.parts.join(' and ')}`;
  }
}
