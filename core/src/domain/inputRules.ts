import { ValidationError } from '@rapport/sdk';

/**
 * The input rules: one table of every string field that reaches the database, with its longest
 * value, the characters it may hold, and what happens to a NUL (U+0000). They exist because the
 * two databases disagree: PostgreSQL cannot store NUL in `text` or `jsonb`, refuses lone
 * surrogates in `jsonb`, caps `varchar(n)` columns and B-tree index entries (about 2,700 bytes),
 * while SQLite stores all of it, and fails LIKE patterns over 50,000 bytes instead. Checking here,
 * before either database sees the value, makes both accept and refuse the same input, with a
 * BAD_USER_INPUT that names the field instead of an internal error. docs/input-rules.md is the
 * reader's version of this table; keep the two together.
 *
 * Lengths count UTF-16 code units (JavaScript's `length`), never fewer than PostgreSQL's
 * characters, so a value within `maxLength` always fits its column.
 */

/** What a NUL does: identifiers are refused (a changed id would name something else); free text loses it. */
export type NulHandling = 'refuse' | 'strip';

/**
 * `identifier`: no control characters (U+0000–U+001F, U+007F) and well-formed Unicode, refused
 * otherwise. `text`: any character; lone surrogates become U+FFFD, as a `text` column would
 * store them on both databases anyway.
 */
export type CharacterSet = 'identifier' | 'text';

export interface InputRule {
  maxLength: number;
  nul: NulHandling;
  characters: CharacterSet;
  /** What the value is, for messages: "a channel id". */
  what: string;
  /** Why the limit is what it is (the column, the index, the database limit). */
  why: string;
}

const identifier = (maxLength: number, what: string, why: string): InputRule => ({ maxLength, nul: 'refuse', characters: 'identifier', what, why });
const freeText = (maxLength: number, what: string, why: string): InputRule => ({ maxLength, nul: 'strip', characters: 'text', what, why });

/** Every rule, by name. The field named in an error is the caller's (`identities[0].channel`); the rule is the kind of value. */
export const INPUT_RULES = {
  id: identifier(36, 'an id', 'ids are UUIDs, varchar(36)'),
  channel: identifier(64, 'a channel id', 'varchar(64) in interactions, customer_identities and conversations'),
  type: identifier(64, 'an interaction type', 'interactions.type is varchar(64)'),
  email: identifier(320, 'an email address', 'RFC 5321 allows 320 characters; users.email is varchar(320)'),
  phone: identifier(64, 'a phone number', 'E.164 numbers have at most 15 digits; the room is for spaces and punctuation'),
  handle: identifier(256, 'a handle', 'customer_identities.value is in a unique index'),
  externalId: identifier(512, 'an external id', 'interactions (channel, external_id) is a unique index'),
  threadKey: identifier(512, 'a thread key', 'conversations (customer_id, thread_key) is indexed'),
  reference: identifier(512, 'a referenced external id', 'compared with external ids, which are at most 512'),
  query: identifier(200, 'a search text', 'a search is a LIKE pattern; SQLite refuses long ones'),
  segmentPart: identifier(64, 'a segmentation model or segment id', 'segment_memberships.model and .segment are varchar(64)'),
  jsonKey: identifier(256, 'a JSON key', 'keys of attributes and metadata are names'),
  displayName: freeText(256, 'a display name', 'a name to show; it often comes from an email header or a chat widget'),
  subject: freeText(2_000, 'a subject', 'a subject line; longer ones are junk'),
  text: freeText(10_000_000, 'a message text', 'the largest webhook body is 10 MB'),
  jsonString: freeText(1_000_000, 'a string in JSON', "the HTML of a sent message is kept in its metadata; a GraphQL request's body is at most 1 MB"),
} as const satisfies Record<string, InputRule>;

export type InputRuleName = keyof typeof INPUT_RULES;

/** The bounds of a JSON document (attributes, metadata), checked while walking it. */
export interface JsonBounds {
  /** Nesting of objects and arrays: `{ "a": { "b": 1 } }` has depth 2. */
  maxDepth: number;
  /** Values at any depth, each object and list counting as one, as its members do. */
  maxNodes: number;
}

export const JSON_BOUNDS = {
  attributes: { maxDepth: 10, maxNodes: 10_000 },
  metadata: { maxDepth: 20, maxNodes: 50_000 },
} as const satisfies Record<string, JsonBounds>;

// Control characters are what this pattern is for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** String.prototype.toWellFormed, which the ES2023 library the repository compiles against lacks. */
function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATES, '\ufffd');
}

/**
 * The value as it will be stored, after the rule `name`: NUL stripped or refused, characters
 * checked, length checked. `field` is what the caller calls it, e.g. `handles[0].channel`.
 *
 * @throws ValidationError naming `field`, the limit and how to fix the value.
 */
export function applyRule(name: InputRuleName, value: unknown, field: string): string {
  const rule: InputRule = INPUT_RULES[name];
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string (${rule.what}), got ${describeType(value)}.`, field);
  let clean = value;
  if (clean.includes('\u0000')) {
    if (rule.nul === 'refuse') {
      throw new ValidationError(`${field} contains a NUL character (U+0000), which ${rule.what} may not hold. Remove it and send the value again.`, field);
    }
    clean = clean.replaceAll('\u0000', '');
  }
  if (rule.characters === 'identifier') {
    if (CONTROL.test(clean)) {
      throw new ValidationError(`${field} contains a control character (U+0001–U+001F or U+007F), which ${rule.what} may not hold. Remove it and send the value again.`, field);
    }
    if (LONE_SURROGATE.test(clean)) {
      throw new ValidationError(`${field} is not well-formed Unicode (it has a lone surrogate). Send ${rule.what} as valid UTF-8 text.`, field);
    }
  } else {
    clean = wellFormed(clean);
  }
  if (clean.length > rule.maxLength) {
    throw new ValidationError(
      `${field} is ${clean.length} characters long; ${rule.what} may have at most ${rule.maxLength}. Shorten it and send it again.`,
      field,
    );
  }
  return clean;
}

/** Like {@link applyRule}, but `undefined` and `null` stay as they are (an optional field not given). */
export function applyOptionalRule(name: InputRuleName, value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : applyRule(name, value, field);
}

/**
 * What a third party sent (a channel's webhook), made storable instead of refused: NUL and lone
 * surrogates removed and free text cut to its rule's length. A provider that is answered 400
 * drops the message and one answered 500 retries it forever, and neither records it; for free text
 * from customers a trimmed message is the better outcome. Identifiers keep their length and are
 * still checked by {@link applyRule} afterwards.
 */
export function salvage(name: InputRuleName, value: string): string {
  const rule: InputRule = INPUT_RULES[name];
  const clean = wellFormed(value.replaceAll('\u0000', ''));
  return rule.characters === 'text' && clean.length > rule.maxLength ? wellFormed(clean.slice(0, rule.maxLength)) : clean;
}

/**
 * A JSON object (attributes, metadata) checked and cleaned throughout: keys by the `jsonKey`
 * rule, strings by the `jsonString` rule (NUL stripped, lone surrogates replaced), depth and size
 * bounded. Returns a cleaned copy; the input is not changed.
 *
 * @param field - the name of the whole document, e.g. `attributes`; errors name the path in it,
 *   e.g. `attributes.profile.nickname` or `metadata.tags[2]`.
 */
export function checkJsonObject(value: unknown, field: string, bounds: JsonBounds): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${field} must be a JSON object, e.g. { "industry": "retail" }, got ${describeType(value)}.`, field);
  }
  const walk = { nodes: 0, bounds, root: field };
  return cleanJson(value, field, 1, walk) as Record<string, unknown>;
}

interface Walk {
  nodes: number;
  bounds: JsonBounds;
  root: string;
}

function cleanJson(value: unknown, path: string, depth: number, walk: Walk): unknown {
  if (++walk.nodes > walk.bounds.maxNodes) {
    throw new ValidationError(`${walk.root} has more than ${walk.bounds.maxNodes} values (objects and lists included). Keep large documents elsewhere and store a reference to them.`, walk.root);
  }
  if (typeof value === 'string') return applyRule('jsonString', value, path);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(`${path} is ${value}, which JSON cannot hold. Send a finite number.`, path);
    return value;
  }
  if (typeof value !== 'object') throw new ValidationError(`${path} is ${describeType(value)}, which is not a JSON value.`, path);
  if (depth > walk.bounds.maxDepth) {
    throw new ValidationError(`${path} is nested deeper than ${walk.bounds.maxDepth} levels in ${walk.root}. Flatten the document.`, path);
  }
  if (Array.isArray(value)) return value.map((item, index) => cleanJson(item, `${path}[${index}]`, depth + 1, walk));
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    const keyPath = `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
    applyRule('jsonKey', key, keyPath);
    // undefined is how JavaScript callers leave a key out; JSON would drop it too.
    if (item !== undefined) entries.push([key, cleanJson(item, keyPath, depth + 1, walk)]);
  }
  // fromEntries defines keys as data, so a "__proto__" key stays a key instead of a prototype.
  return Object.fromEntries(entries);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'a string' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
