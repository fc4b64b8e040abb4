import { Kind, visit, type DocumentNode } from 'graphql';
import { isScope, SCOPES } from '../../access/scopes.js';

/**
 * Why a plugin's SDL may not use the access directives the way it does, or undefined when it is
 * fine. A plugin declares the scope of ITS fields (`@requiresScope` on a field or on a type it
 * defines); it may not open anything (`@anonymous`), and a directive on `extend type` would change
 * the requirement of the core's fields of that type, so it is refused.
 */
export function scopeDirectiveProblem(document: DocumentNode): string | undefined {
  let problem: string | undefined;
  const complain = (message: string) => {
    problem ??= message;
  };
  visit(document, {
    ObjectTypeExtension(node) {
      const directive = node.directives?.find((d) => ['requiresScope', 'authenticated', 'anonymous'].includes(d.name.value));
      if (directive) complain(`@${directive.name.value} on "extend type ${node.name.value}" would change the core's fields of ${node.name.value}; put it on each of the plugin's fields instead`);
    },
    InterfaceTypeExtension(node) {
      if (node.directives?.length) complain(`directives on "extend interface ${node.name.value}" are not allowed; put them on the plugin's fields`);
    },
    Directive(node) {
      if (node.name.value === 'anonymous') complain('@anonymous is reserved for the core (login); a plugin field needs a credential');
      if (node.name.value !== 'requiresScope') return;
      const argument = node.arguments?.find((arg) => arg.name.value === 'scope');
      const scope = argument?.value.kind === Kind.STRING ? argument.value.value : undefined;
      if (!scope || !isScope(scope)) complain(`@requiresScope(scope: ${JSON.stringify(scope ?? null)}) names no scope; use one of ${SCOPES.join(', ')}`);
    },
  });
  return problem;
}
