import type { CodegenConfig } from '@graphql-codegen/cli';

// The test regenerates into a temporary folder from a freshly printed schema and compares the
// result with the committed files; everyone else gets the defaults.
const schema = process.env.INBOX_CLIENT_SCHEMA ?? 'schema.graphql';
const out = process.env.INBOX_CLIENT_GQL_OUT ?? 'src/gql/';

const config: CodegenConfig = {
  schema,
  documents: ['src/**/*.ts', '!src/gql/**'],
  // Relative imports end in .js, as Node's ESM resolution (and tsc's NodeNext) require.
  emitLegacyCommonJSImports: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: {
        // persisted-documents.json (sha256 → text) for the server's graphql.persistedOperations,
        // and each document's hash in its __meta__ for the client to send.
        persistedDocuments: { hashAlgorithm: 'sha256' },
        fragmentMasking: false,
      },
      config: {
        // Documents are strings with their types attached: fetch sends them as they are, no graphql-js at run time.
        documentMode: 'string',
        useTypeImports: true,
        // Types for what the documents select, not for the whole schema.
        onlyOperationTypes: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
