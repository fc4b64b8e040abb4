import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under ESM its default export is the module object on some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * An ajv instance with every error reported (so users fix everything in one pass) and the
 * standard formats (`email`, `uri`, `date-time`, …) that plugin settings schemas use.
 */
export function createAjv(options: Options = {}): Ajv {
  return addFormats(new Ajv({ allErrors: true, strict: false, verbose: true, ...options }));
}
