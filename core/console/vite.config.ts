import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The console is served from /console by core/src/console/consoleRoute.ts under a strict
 * Content-Security-Policy: nothing inline, so the build must emit only files (no inlined
 * scripts, styles or data: modules) with hashed names the server can cache for a year.
 */
export default defineConfig({
  root,
  base: '/console/',
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // An inlined asset would be a data: URL a script loads, which the CSP refuses for scripts.
    assetsInlineLimit: 0,
    // The polyfill is for browsers without modulepreload; every browser the console supports has it.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
