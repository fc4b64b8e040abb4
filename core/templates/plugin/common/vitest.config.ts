import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The test host starts a real (in-memory) core; its first start takes a few seconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
