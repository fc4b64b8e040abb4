/**
 * The kinds of object an error may name by id: those the API gives global ids
 * (graphql/globalIds.ts checks that the two lists agree).
 */
export type RefType = 'Customer' | 'Interaction' | 'Conversation' | 'WorkflowRun' | 'AuditEvent';

/** An object an error names: its type and internal id, and the input field that gave the id, if one did. */
export interface ObjectRef {
  readonly type: RefType;
  readonly id: string;
  readonly field?: string;
}

// A registered symbol: an error made by another copy of this module (a plugin's core) still carries it.
const REFS = Symbol.for('rapport.errorRefs');

/**
 * Marks an error as naming these objects. The domain writes its own (internal) ids in messages,
 * as plugins and logs know them; whoever shows the error to an API client renders each one as the
 * id that client knows (the GraphQL error masking: a global id, also in `extensions.id`). So no
 * throw site has to know who reads the message. Returns the error, to be thrown.
 */
export function withRefs<E extends Error>(error: E, ...refs: ObjectRef[]): E {
  const all = [...refsOf(error), ...refs];
  Object.defineProperty(error, REFS, { value: all, configurable: true, enumerable: false, writable: false });
  return error;
}

/** The objects an error names (see {@link withRefs}); none for anything else. */
export function refsOf(error: unknown): readonly ObjectRef[] {
  if (typeof error !== 'object' || error === null) return [];
  const refs = (error as { [REFS]?: unknown })[REFS];
  return Array.isArray(refs) ? (refs as ObjectRef[]) : [];
}

/**
 * Runs `work`; an error it throws is marked as naming `ref` (see {@link withRefs}). For a caller
 * that hands an id to code that does not mark its errors.
 */
export async function naming<T>(ref: ObjectRef, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error) withRefs(error, ref);
    throw error;
  }
}
