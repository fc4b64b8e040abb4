import { CONTEXT_PERMISSIONS, CONTRIBUTION_KINDS } from '@rapport/sdk';
import { ROLE_SCOPES, ROLES, SCOPE_DESCRIPTIONS, SCOPES } from '../src/access/scopes.js';
import { describeRuleFields } from '../src/segments/index.js';

/** A generated block of the documentation: its marker name and its Markdown. */
export interface DocsTable {
  name: string;
  markdown(): string;
}

/** The permissions table: every context call (and rule/model subject read), what it needs, from `CONTEXT_PERMISSIONS`. */
export const PERMISSIONS_TABLE: DocsTable = {
  name: 'permissions-table',
  markdown() {
    const rows = Object.entries(CONTEXT_PERMISSIONS).flatMap(([namespace, members]) =>
      Object.entries(members).map(([member, { permission, rule }]) => {
        const call = namespace === 'subject' ? `subject.${member}()` : `ctx.${namespace}.${member}()`;
        return `| \`${call}\` | ${permission ? `\`${permission}\`` : '—'} | ${rule ?? ''} |`;
      }),
    );
    return ['| call | permission | also |', '|---|---|---|', ...rows].join('\n');
  },
};

/** The contribution kinds: manifest field, registration call, permission, activation event, from `CONTRIBUTION_KINDS`. */
export const CONTRIBUTION_KINDS_TABLE: DocsTable = {
  name: 'contribution-kinds-table',
  markdown() {
    const rows = CONTRIBUTION_KINDS.map((kind) => {
      const fields = Object.keys(kind.properties).map((field) => `\`${field}\`${kind.required.includes(field) ? ' (required)' : ''}`);
      return (
        `| ${kind.noun} | \`rapport.contributes.${kind.field}\` | ${kind.register ? `\`ctx.${kind.register}(id, …)\`` : '— (declared only)'} | ` +
        `${kind.permission ? `\`${kind.permission}\`` : '—'} | ${kind.activationEvent ? `\`${kind.activationEvent}:<id>\`` : '—'} | ${fields.join(', ') || '—'} |`
      );
    });
    return ['| kind | declared in | registered with | permission | activation event | fields besides `id`, `displayName` |', '|---|---|---|---|---|---|', ...rows].join('\n');
  },
};

/** The scopes of the API and which role holds each, from core/src/access/scopes.ts. */
export const ROLE_SCOPES_TABLE: DocsTable = {
  name: 'role-scopes-table',
  markdown() {
    const rows = SCOPES.map((scope) => `| \`${scope}\` | ${SCOPE_DESCRIPTIONS[scope]} | ${ROLES.map((role) => (ROLE_SCOPES[role].includes(scope) ? '✓' : '')).join(' | ')} |`);
    return [`| scope | lets its holder | ${ROLES.join(' | ')} |`, `|---|---|${ROLES.map(() => '---').join('|')}|`, ...rows].join('\n');
  },
};

/** The rule language's fields and operators (docs/segments.md), from the compiler's own field table. */
export const RULE_FIELDS_TABLE: DocsTable = {
  name: 'rule-fields-table',
  markdown: () => describeRuleFields(),
};

export const DOCS_TABLES: readonly DocsTable[] = [PERMISSIONS_TABLE, CONTRIBUTION_KINDS_TABLE, ROLE_SCOPES_TABLE, RULE_FIELDS_TABLE];

/** `text` with every `<!-- NAME:start -->…<!-- NAME:end -->` block of `tables` filled in afresh. */
export function fillTables(text: string, tables: readonly DocsTable[] = DOCS_TABLES): string {
  let out = text;
  for (const table of tables) {
    const pattern = new RegExp(`(<!-- ${table.name}:start -->)[\\s\\S]*?(<!-- ${table.name}:end -->)`, 'g');
    out = out.replace(pattern, (_all, start: string, end: string) => `${start}\n${table.markdown()}\n${end}`);
  }
  return out;
}
