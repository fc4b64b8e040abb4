const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;

/**
 * Fills a message template's `{placeholders}` (e.g. `Thank you, {name}!`). A placeholder with no
 * value is left as written; {@link unknownPlaceholders} finds those when settings are read.
 *
 * @example
 * ```ts
 * fillTemplate('Thank you, {name}, for {milestone}!', { name: 'Ada', milestone: 'your 5th purchase' });
 * // 'Thank you, Ada, for your 5th purchase!'
 * ```
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** The placeholders of `template` that are not in `known`, for a settings error. */
export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !known.includes(name));
}
