import { RapportError } from '@rapport/sdk';
import type { Principal } from '../../access/Principal.js';
import type { Role } from '../../access/scopes.js';
import type { Actor } from '../../actors/Actor.js';
import type { GraphQLContext } from '../GraphQLContext.js';

/** An actor as the schema's `Actor` type carries it; `me` fills in the role and the scopes. */
type ActorObject = Actor & { role?: Role | null; scopes?: readonly string[] };

/** The caller's principal; the request pipeline refuses a request without one before this runs. */
function principalOf(ctx: GraphQLContext): Principal {
  if (!ctx.principal) throw new RapportError('UNAUTHENTICATED', 'Send an API key or a session token as "Authorization: Bearer <token>".');
  return ctx.principal;
}

/**
 * Credentials in the API (contract §9, docs/security/access.md): who the caller is, signing in
 * and out, API keys and users. The scope each field needs is declared on it in
 * securityTypeDefs.ts and checked by the request pipeline before these run.
 */
export const accessResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: GraphQLContext): ActorObject => {
      const { actor, role, scopes } = principalOf(ctx);
      return { ...actor, role: role ?? null, scopes: [...scopes] };
    },
    apiKeys: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.apiKeys.list(),
    users: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.users.list(),
  },

  Mutation: {
    login: (_: unknown, { email, password }: { email: string; password: string }, ctx: GraphQLContext) => ctx.services.sessions.login(email, password),
    // An API key is not signed in, so it has nothing to log out of: it is revoked instead.
    logout: (_: unknown, __: unknown, ctx: GraphQLContext) => (ctx.bearerToken ? ctx.services.sessions.logout(ctx.bearerToken) : false),
    createApiKey: (_: unknown, { input }: { input: { name: string; role?: string | null; scopes?: string[] | null } }, ctx: GraphQLContext) =>
      ctx.services.apiKeys.create(input),
    revokeApiKey: (_: unknown, { name }: { name: string }, ctx: GraphQLContext) => ctx.services.apiKeys.revoke(name),
    createUser: (_: unknown, { input }: { input: { email: string; displayName?: string | null; role: string; password: string } }, ctx: GraphQLContext) =>
      ctx.services.users.create(input),
    deactivateUser: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => ctx.services.users.setDisabled(id, true),
    reactivateUser: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => ctx.services.users.setDisabled(id, false),
  },

  /** The actors of the audit log carry no role or scopes; only `me` has them. */
  Actor: {
    role: (actor: ActorObject) => actor.role ?? null,
    scopes: (actor: ActorObject) => actor.scopes ?? [],
  },
};
