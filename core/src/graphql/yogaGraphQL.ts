import { createRequire } from 'node:module';

/**
 * graphql-js as yoga runs it: its CommonJS build. Node resolves `import 'graphql'` to that same
 * build, but a bundler or a test runner (vite, vitest) resolves it to the ES build, a second copy
 * whose `TypeInfo`, `isObjectType` and validation rules refuse the schema yoga built with the
 * first ("Cannot use GraphQLObjectType from another module or realm"). Code that inspects the
 * served schema (the limits, the scope check) takes graphql-js from here; types may still be
 * imported from 'graphql'.
 */
export const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
