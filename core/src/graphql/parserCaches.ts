import type { DocumentNode } from 'graphql';
import { BoundedTextCache, type BoundedTextCacheLimits } from '../util/BoundedTextCache.js';

/**
 * yoga's parse cache, keyed by the query text, keeps up to 1,024 documents (and 1,024 parse
 * errors) for an hour whatever their size, each with its syntax tree and its validation result:
 * a client (or a fuzzer) sending near-megabyte documents could hold a gigabyte for an hour, and a
 * process that saw some kept hundreds of MB after the traffic stopped. Bounded by characters too,
 * and documents over 32 KB are not kept: a real client's operations are a few KB and repeat, and
 * parsing a big one again costs in proportion to what it asks anyway.
 */
export const PARSER_CACHE_LIMITS: BoundedTextCacheLimits = { maxEntries: 1_024, maxChars: 4 * 1024 * 1024, maxEntryChars: 32 * 1024 };

/** The caches for createYoga's `parserAndValidationCache`; validation results live as long as their document. */
export function boundedParserCaches(limits: BoundedTextCacheLimits = PARSER_CACHE_LIMITS): {
  documentCache: BoundedTextCache<DocumentNode>;
  errorCache: BoundedTextCache<unknown>;
  validationCache: true;
} {
  return { documentCache: new BoundedTextCache(limits), errorCache: new BoundedTextCache(limits), validationCache: true };
}
