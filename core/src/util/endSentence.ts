/**
 * `text` ending with exactly one full stop, for a message built from another one: "Last error:
 * … package.json." must not become "package.json.." when a sentence follows.
 */
export function endSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
