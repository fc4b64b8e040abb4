import { defineConfig } from 'vitest/config';

// Needed only while @rapport/sdk and @rapport/core come from a source checkout (linked from a
// clone, or the Rapport workspace): their "rapport-source" export condition points at TypeScript
// sources that vitest compiles on the fly. Published packages ship compiled files and ignore it.
export default defineConfig({
  ssr: {
    resolve: {
      conditions: ['rapport-source', 'module', 'node', 'development|production'],
      externalConditions: ['rapport-source', 'node', 'module-sync'],
    },
  },
});
