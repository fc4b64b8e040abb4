import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources of every workspace package: the "rapport-source" export
// condition points @rapport/* imports at src/ instead of the dist/ built for publishing.
export default defineConfig({
  resolve: { conditions: ['rapport-source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['rapport-source', 'node', 'import', 'default'], externalConditions: ['rapport-source'] } },
  test: {
    include: ['{sdk,core,plugins/*,examples/*}/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
