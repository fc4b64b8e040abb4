/**
 * What was made from a text (a prepared statement from its SQL, a parsed document from its
 * query), kept by that text and bounded three ways: how many, how many characters of text in all,
 * and how long one text may be. A count alone does not bound memory when texts vary in length
 * and what is made from them grows with it: statements with `in (?, ?, …)` lists or multi-row
 * `values` (bulk imports, the audit sealer, the outbox's batches) come in a new text for every
 * length, and a prepared 500-row insert holds hundreds of kilobytes of native memory
 * (better-sqlite3: 500 cached bulk-insert shapes took about 150 MB of RSS); a GraphQL document
 * of a megabyte would be kept with its syntax tree. A text over the length limit is used once
 * and not kept: making it again costs in proportion to what it does anyway. The usual texts are
 * short and stay; the least recently used go first.
 */
export interface BoundedTextCacheLimits {
  /** Entries kept at most. */
  maxEntries: number;
  /** Characters of text kept at most, all entries together (a proxy for the size of what is kept). */
  maxChars: number;
  /** A text longer than this is never kept. */
  maxEntryChars: number;
}

export class BoundedTextCache<T> {
  // A Map iterates in insertion order: a hit re-inserts its entry, so the first one is the least recently used.
  private readonly entries = new Map<string, T>();
  private chars = 0;

  constructor(private readonly limits: BoundedTextCacheLimits) {}

  get size(): number {
    return this.entries.size;
  }

  /** Characters of text held. */
  get totalChars(): number {
    return this.chars;
  }

  /** Whether what is made from this text may be kept at all. */
  admits(text: string): boolean {
    return text.length <= this.limits.maxEntryChars;
  }

  get(text: string): T | undefined {
    const value = this.entries.get(text);
    if (value !== undefined) {
      this.entries.delete(text);
      this.entries.set(text, value);
    }
    return value;
  }

  /** Keeps `value` unless its text is too long, evicting the least recently used to stay within bounds. */
  set(text: string, value: T): void {
    if (!this.admits(text)) return;
    if (this.entries.delete(text)) this.chars -= text.length;
    while (this.entries.size > 0 && (this.entries.size >= this.limits.maxEntries || this.chars + text.length > this.limits.maxChars)) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
    this.entries.set(text, value);
    this.chars += text.length;
  }
}
