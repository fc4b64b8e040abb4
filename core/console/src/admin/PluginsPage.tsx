import { useState } from 'preact/hooks';
import { errorMessage, formatTime } from '../format.js';
import { useSession } from '../session.js';
import { useQuery } from '../useQuery.js';
import { PluginsQuery, SetPluginEnabledMutation } from './operations.js';
import { SettingsSchemaForm } from './SettingsSchemaForm.js';

/** Every plugin with its state, figures and manifest, and turning it off and on (setPluginEnabled). */
export function PluginsPage() {
  const { client } = useSession();
  const plugins = useQuery(() => client.request(PluginsQuery).then((data) => data.plugins), [client]);
  const [busy, setBusy] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  async function toggle(name: string, enabled: boolean) {
    setBusy(name);
    setFailure(undefined);
    try {
      await client.request(SetPluginEnabledMutation, { name, enabled });
      plugins.reload();
    } catch (error) {
      setFailure(`${name}: ${errorMessage(error)}`);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Plugins</h1>
      {plugins.error && <p class="error">{plugins.error}</p>}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <table class="inbox" aria-label="Plugins">
        <thead>
          <tr>
            <th scope="col">Plugin</th>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            <th scope="col">Activated</th>
            <th scope="col">Activation time</th>
            <th scope="col">Handler calls</th>
            <th scope="col">Failures</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(plugins.data ?? []).map((plugin) => {
            const enabled = plugin.state !== 'DISABLED';
            return (
              <tr key={plugin.name} data-plugin={plugin.name}>
                <td>
                  <strong>{plugin.displayName ?? plugin.name}</strong>
                  <div class="muted">{plugin.name}</div>
                  <details>
                    <summary>Manifest and settings</summary>
                    <Manifest plugin={plugin} />
                  </details>
                </td>
                <td>{plugin.version}</td>
                <td>
                  <span class={`state state-${plugin.state.toLowerCase()}`} data-testid="plugin-state">
                    {plugin.state}
                  </span>
                  {plugin.error && <div class="error-text">{plugin.error}</div>}
                </td>
                <td>{formatTime(plugin.metrics.activatedAt) || '–'}</td>
                <td>{plugin.metrics.activationTimeMs == null ? '–' : `${Math.round(plugin.metrics.activationTimeMs)} ms`}</td>
                <td>{plugin.metrics.handlerCalls}</td>
                <td>
                  {plugin.metrics.failures}
                  {plugin.metrics.lastError && (
                    <div class="error-text">
                      {plugin.metrics.lastError} ({formatTime(plugin.metrics.lastErrorAt)})
                    </div>
                  )}
                </td>
                <td>
                  <button type="button" class={enabled ? 'secondary' : undefined} disabled={busy === plugin.name} onClick={() => void toggle(plugin.name, !enabled)}>
                    {enabled ? 'Disable' : 'Enable'}
                    <span class="visually-hidden"> {plugin.displayName ?? plugin.name}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Manifest(props: { plugin: { name: string; permissions: string[]; activationEvents: string[]; settingsSchema?: unknown } }) {
  const { plugin } = props;
  return (
    <form class="manifest" aria-label={`${plugin.name}: manifest (read-only)`} onSubmit={(event) => event.preventDefault()}>
      <label>
        Permissions
        <textarea readOnly rows={Math.max(1, plugin.permissions.length)} value={plugin.permissions.join('\n')} />
      </label>
      <label>
        Activation events
        <textarea readOnly rows={Math.max(1, plugin.activationEvents.length)} value={plugin.activationEvents.join('\n')} />
      </label>
      <SettingsSchemaForm plugin={plugin.name} schema={plugin.settingsSchema} />
      <p class="muted">
        What each setting does:{' '}
        <a href={`https://www.npmjs.com/package/${plugin.name}`} rel="noreferrer" target="_blank">
          {plugin.name} documentation
        </a>
        .
      </p>
    </form>
  );
}
