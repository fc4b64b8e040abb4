import type { ErrorObject } from 'ajv';
import type { ValidationProblem } from '@rapport/sdk';

/**
 * Turns ajv errors into problems that name the file and the field, with a message a person can
 * act on.
 *
 * @param file - the file the validated value came from.
 * @param fieldPrefix - the path of the validated value inside that file, e.g.
 *   `pluginSettings["@rapport/plugin-channel-email"]`; empty for the whole file.
 */
export function toProblems(errors: ErrorObject[] | null | undefined, file: string, fieldPrefix = ''): ValidationProblem[] {
  const problems = (errors ?? [])
    .filter((error) => error.keyword !== 'if')
    .map((error) => {
      const segments = pointerToSegments(error.instancePath);
      if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
      if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
      return { file, field: joinField(fieldPrefix, segments), message: describe(error) };
    });
  // allErrors can report the same field twice (e.g. type and pattern); keep the first of each.
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(error: ErrorObject): string {
  const schemaDescription = (error.parentSchema as { description?: string } | undefined)?.description;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field; check its spelling';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return schemaDescription ? `must be ${schemaDescription}` : `must match ${String(error.params.pattern)}`;
    case 'type':
      return `must be of type ${String(error.params.type)}`;
    default:
      return error.message ?? `is invalid (${error.keyword})`;
  }
}

function pointerToSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins path segments as `a.b[2]["odd key"]`. */
export function joinField(prefix: string, segments: string[]): string {
  let field = prefix;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) field += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) field += field ? `.${segment}` : segment;
    else field += `[${JSON.stringify(segment)}]`;
  }
  return field || '(root)';
}
