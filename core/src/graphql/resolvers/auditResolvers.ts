import type { AuditEventRow, AuditFilter } from '../../audit/AuditLog.js';
import { keysetPageOf, sortKeyWindow, toConnection, type PageArgs } from '../connections.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { fromGlobalId, NODE_TYPES, toGlobalId, type NodeType } from '../globalIds.js';

/** The arguments of `auditEvents`. */
interface AuditEventsArgs extends PageArgs {
  action?: string | null;
  actorId?: string | null;
  targetId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const auditKey = (row: AuditEventRow) => ({ at: row.at, id: row.id });

/** Target types whose ids the API shows as global ids, as it shows those objects everywhere else. */
const NODE_TARGETS = new Set<string>(NODE_TYPES);

/** The audit log in the API (contract §9): `auditEvents`, newest first, and the `AuditEvent` type. */
export const auditResolvers = {
  Query: {
    auditEvents: async (_: unknown, args: AuditEventsArgs, ctx: GraphQLContext) => {
      const window = sortKeyWindow(args);
      const filter: AuditFilter = {
        action: args.action ?? undefined,
        actorId: args.actorId ?? undefined,
        targetId: args.targetId ? rawTargetId(args.targetId) : undefined,
        from: args.from ?? undefined,
        to: args.to ?? undefined,
      };
      const rows = await ctx.services.audit.list(filter, window.size + 1, keysetPageOf(window));
      return toConnection(rows, window.size, auditKey, (row) => row, { window, totalCount: () => ctx.services.audit.count(filter) });
    },
  },

  AuditEvent: {
    id: (row: AuditEventRow) => toGlobalId('AuditEvent', row.id),
    // An actor of the log holds no scopes here: those belong to `me`, the caller.
    actor: (row: AuditEventRow) => ({ kind: row.actor.kind, id: row.actor.id, name: row.actor.name ?? null, role: null, scopes: [] }),
    targetId: (row: AuditEventRow) =>
      row.targetId !== null && row.targetType !== null && NODE_TARGETS.has(row.targetType) ? toGlobalId(row.targetType as NodeType, row.targetId) : row.targetId,
  },
};

/** A target filter as stored: the raw id of a global id, or the value itself (a key's name, a plugin's). */
function rawTargetId(value: string): string {
  try {
    return fromGlobalId(value, 'targetId').id;
  } catch {
    return value;
  }
}
