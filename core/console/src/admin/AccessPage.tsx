import { useState } from 'preact/hooks';
import { errorMessage, formatTime } from '../format.js';
import type { Role } from '../gql/graphql.js';
import { useSession } from '../session.js';
import { useQuery } from '../useQuery.js';
import { AdminUsers, ApiKeysQuery, CreateApiKeyMutation, CreateUserMutation, DeactivateUserMutation, ReactivateUserMutation, RevokeApiKeyMutation } from './operations.js';

const ROLES: Role[] = ['ADMIN', 'AGENT', 'VIEWER'];

/** API keys (create, revoke) and users (create, deactivate, reactivate): the access:manage part of the API. */
export function AccessPage() {
  const { client } = useSession();
  const keys = useQuery(() => client.request(ApiKeysQuery).then((data) => data.apiKeys), [client]);
  const users = useQuery(() => client.request(AdminUsers).then((data) => data.users), [client]);
  const [token, setToken] = useState<{ name: string; token: string } | undefined>();
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();

  async function run(action: () => Promise<string>) {
    setMessage(undefined);
    try {
      setMessage({ error: false, text: await action() });
    } catch (error) {
      setMessage({ error: true, text: errorMessage(error) });
    }
  }

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Access</h1>
      {message && (
        <p class={message.error ? 'error' : undefined} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <h2>API keys</h2>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          const fields = new FormData(event.currentTarget);
          const scopes = String(fields.get('scopes') ?? '').split(/[\s,]+/).filter(Boolean);
          const role = String(fields.get('role') ?? '') as Role | '';
          const form = event.currentTarget;
          void run(async () => {
            const { createApiKey } = await client.request(CreateApiKeyMutation, { input: { name: String(fields.get('name') ?? '').trim(), role: role || null, scopes: scopes.length ? scopes : null } });
            setToken({ name: createApiKey.apiKey.name, token: createApiKey.token });
            form.reset();
            keys.reload();
            return `Created the API key ${createApiKey.apiKey.name}.`;
          });
        }}
      >
        <label>
          Key name
          <input name="name" required placeholder="crm-sync" />
        </label>
        <label>
          Key role
          <select name="role">
            <option value="">none (scopes below)</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <label>
          Key scopes
          <input name="scopes" placeholder="customers:read, interactions:write" />
        </label>
        <button type="submit">Create API key</button>
      </form>
      {token && (
        <div class="notice" role="status">
          The token of <strong>{token.name}</strong>, shown only now: <code data-testid="new-token">{token.token}</code>
        </div>
      )}
      {keys.error && <p class="error">{keys.error}</p>}
      <table class="inbox" aria-label="API keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Role or scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Revoked</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(keys.data ?? []).map((key) => (
            <tr key={key.name}>
              <td>{key.name}</td>
              <td>
                <code>{key.prefix}</code>
              </td>
              <td>{key.role ?? key.scopes.join(', ')}</td>
              <td>{formatTime(key.createdAt)}</td>
              <td>{formatTime(key.lastUsedAt) || '–'}</td>
              <td>{formatTime(key.revokedAt) || '–'}</td>
              <td>
                {!key.revokedAt && (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      if (!confirm(`Revoke the API key ${key.name}? Every request with it is refused from now on.`)) return;
                      void run(async () => {
                        await client.request(RevokeApiKeyMutation, { name: key.name });
                        keys.reload();
                        return `Revoked the API key ${key.name}.`;
                      });
                    }}
                  >
                    Revoke<span class="visually-hidden"> {key.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Users</h2>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          const fields = new FormData(event.currentTarget);
          const form = event.currentTarget;
          void run(async () => {
            const text = (name: string) => String(fields.get(name) ?? '').trim();
            const { createUser } = await client.request(CreateUserMutation, {
              input: { email: text('email'), displayName: text('displayName') || null, role: text('role') as Role, password: String(fields.get('password') ?? '') },
            });
            form.reset();
            users.reload();
            return `Created the user ${createUser.email}.`;
          });
        }}
      >
        <label>
          User email
          <input name="email" type="email" required />
        </label>
        <label>
          Display name
          <input name="displayName" />
        </label>
        <label>
          User role
          <select name="role">
            {ROLES.map((role) => (
              <option key={role} value={role} selected={role === 'AGENT'}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <label>
          Initial password
          <input name="password" type="password" required autoComplete="new-password" />
        </label>
        <button type="submit">Create user</button>
      </form>
      <p class="muted">
        Deactivating a user ends their sessions at once and stops them signing in; they stay in the audit log and past assignments.
      </p>
      {users.error && <p class="error">{users.error}</p>}
      <table class="inbox" aria-label="Users">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Available</th>
            <th scope="col">Created</th>
            <th scope="col">Deactivated</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((user) => (
            <tr key={user.id} data-user={user.email}>
              <td>{user.email}</td>
              <td>{user.displayName ?? ''}</td>
              <td>{user.role}</td>
              <td>{user.available ? 'yes' : 'no'}</td>
              <td>{formatTime(user.createdAt)}</td>
              <td>{formatTime(user.disabledAt) || '–'}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  onClick={() =>
                    void run(async () => {
                      if (!user.disabledAt && !confirm(`Deactivate ${user.email}? Their sessions end now and they cannot sign in until reactivated.`)) return 'Nothing changed.';
                      if (user.disabledAt) await client.request(ReactivateUserMutation, { id: user.id });
                      else await client.request(DeactivateUserMutation, { id: user.id });
                      users.reload();
                      return `${user.disabledAt ? 'Reactivated' : 'Deactivated'} ${user.email}.`;
                    })
                  }
                >
                  {user.disabledAt ? 'Reactivate' : 'Deactivate'}
                  <span class="visually-hidden"> {user.email}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
