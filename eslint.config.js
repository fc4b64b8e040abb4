import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.rapport/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', URL: 'readonly', Buffer: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', structuredClone: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The SDK is the plugin API: it must never depend on the core (the test host loads it lazily).
    files: ['sdk/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@rapport/core', '@rapport/core/*', '**/core/src/**'], message: 'The SDK never imports core.' }] }] },
  },
  {
    // Plugins and the third-party example import only the SDK (plus their own npm dependencies).
    files: ['plugins/**/*.{ts,js}', 'examples/**/*.{ts,js}', 'core/test/fixtures/**/*.{ts,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@rapport/core', '@rapport/core/*', '**/core/src/**'], message: 'Plugins import only @rapport/sdk.' }] },
      ],
    },
  },
);
