/**
 * The operations a front-end's build listed (`graphql.persistedOperations`): clients send an
 * operation's id instead of its text, and with `onlyListed` credentials other than ADMIN may run
 * nothing else. What a stolen agent key can ask is then what the console asks, no more.
 */
export interface PersistedOperations {
  /** The manifest's absolute path, for messages. */
  file: string;
  /** Operation id (the sha256 of its text, as graphql-codegen and Apollo compute it) → its text. */
  operations: ReadonlyMap<string, string>;
  /** Refuse operation texts from every credential but ADMIN (and from anonymous callers). */
  onlyListed: boolean;
}

/** What reading a manifest gave: the operations, or what is wrong with it (a field and why). */
export type ManifestReading = { operations: Map<string, string> } | { problem: { field: string; message: string } };

/** An operation id: what graphql-codegen's and Apollo's tools write (sha256 in hex), or a name of ours. */
const OPERATION_ID = /^[\w:.-]{1,128}$/;

/**
 * Reads the manifest formats front-end builds write:
 * - graphql-codegen's client preset (`persistedDocuments: true`): `{ "<id>": "<text>", … }`;
 * - Apollo's persisted query manifest: `{ "format": "apollo-persisted-query-manifest",
 *   "version": 1, "operations": [{ "id", "name", "type", "body" }] }`.
 */
export function readPersistedOperationsManifest(json: unknown): ManifestReading {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { problem: { field: '(file)', message: 'must be a JSON object: graphql-codegen\'s persisted-documents.json or an Apollo persisted query manifest' } };
  }
  const record = json as Record<string, unknown>;
  const entries: [string, unknown][] =
    record.format === 'apollo-persisted-query-manifest'
      ? Array.isArray(record.operations)
        ? record.operations.map((operation: { id?: unknown; body?: unknown }, index) => [typeof operation?.id === 'string' ? operation.id : `operations[${index}].id`, operation?.body])
        : []
      : Object.entries(record);
  if (record.format === 'apollo-persisted-query-manifest' && !Array.isArray(record.operations)) {
    return { problem: { field: 'operations', message: 'must be an array of { id, name, type, body }' } };
  }
  const operations = new Map<string, string>();
  for (const [id, text] of entries) {
    if (!OPERATION_ID.test(id)) return { problem: { field: id, message: 'is not an operation id (letters, digits, "_", ":", ".", "-"; at most 128)' } };
    if (typeof text !== 'string' || text.trim() === '') return { problem: { field: id, message: 'must be the operation\'s GraphQL text' } };
    operations.set(id, text);
  }
  if (operations.size === 0) return { problem: { field: '(file)', message: 'lists no operations' } };
  return { operations };
}
