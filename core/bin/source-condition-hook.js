// A module resolution hook that adds the "rapport-source" export condition.
export async function resolve(specifier, context, nextResolve) {
  if (context.conditions.includes('rapport-source')) return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'rapport-source'] });
}
