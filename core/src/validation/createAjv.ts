import ajvModule, { type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS. Plain Node's ESM hands over module.exports as the default
// export, with no named `Ajv`; tsx and bundlers hand over its `default` property. Either way the
// class (the plugin) is found, so a built core runs on plain Node as the sources run under tsx.
type AjvClass = typeof ajvModule.default;
const Ajv = ((ajvModule as unknown as { default?: AjvClass }).default ?? ajvModule) as AjvClass;
type Ajv = InstanceType<AjvClass>;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * An ajv instance with every error reported (so users fix everything in one pass) and the
 * standard formats (`email`, `uri`, `date-time`, …) that plugin settings schemas use.
 */
export function createAjv(options: Options = {}): Ajv {
  return addFormats(new Ajv({ allErrors: true, strict: false, verbose: true, ...options }));
}
