import type { CodegenConfig } from '@graphql-codegen/cli';

// Run from core/ (`npm run console:codegen`); a check may point both at a temporary folder.
const schema = process.env.CONSOLE_SCHEMA ?? 'console/schema.graphql';
const out = process.env.CONSOLE_GQL_OUT ?? 'console/src/gql/';

const config: CodegenConfig = {
  schema,
  documents: ['console/src/**/*.{ts,tsx}', '!console/src/gql/**'],
  emitLegacyCommonJSImports: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents are strings with their types attached: no graphql-js in the browser bundle.
        documentMode: 'string',
        useTypeImports: true,
        onlyOperationTypes: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
