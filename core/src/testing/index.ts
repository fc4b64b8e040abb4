/**
 * `@rapport/core/testing`: what `@rapport/sdk/testing` loads to run a test host. Plugin authors
 * use `createTestHost` from `@rapport/sdk/testing`, not this module.
 *
 * @packageDocumentation
 */
export { createTestHost } from './createTestHost.js';
