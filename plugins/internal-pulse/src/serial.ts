/**
 * Runs tasks with the same key one after another, in this process. Answering reads, then writes
 * the team's record and the "answered" mark; two answers at once must not both read the old
 * record (one would be lost) nor both pass the "not yet answered" check. Storage has no
 * compare-and-set, so several server instances can still race: see the README's limits.
 */
export class Serial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
