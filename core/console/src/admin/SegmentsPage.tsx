import { useEffect, useMemo, useState } from 'preact/hooks';
import { customerName, errorMessage, formatTime } from '../format.js';
import type { ConsoleSegmentPreviewQuery } from '../gql/graphql.js';
import { customerPath, Link } from '../router.js';
import { useSession } from '../session.js';
import { useQuery } from '../useQuery.js';
import { DefineSegmentMutation, DeleteSegmentMutation, SegmentDefinitionsQuery, SegmentPreviewQuery } from './operations.js';
import { RuleGroup, updateNode } from './RuleBuilder.js';
import { newGroup, toRuleTree, type Group } from './ruleTree.js';

/** The segment builder: a rule tree, its live count and members, saving it, and the defined segments. */
export function SegmentsPage() {
  const { client } = useSession();
  const [tree, setTree] = useState<Group>(() => newGroup());
  const [preview, setPreview] = useState<{ rules: string; data?: ConsoleSegmentPreviewQuery; error?: string }>();
  const [saved, setSaved] = useState<string | undefined>();
  const [saveError, setSaveError] = useState<string | undefined>();
  const definitions = useQuery(() => client.request(SegmentDefinitionsQuery).then((data) => data.segmentDefinitions), [client]);

  const built = useMemo(() => {
    try {
      return { rules: toRuleTree(tree, 'rules') };
    } catch (error) {
      return { error: errorMessage(error) };
    }
  }, [tree]);
  const rulesText = built.rules === undefined ? undefined : JSON.stringify(built.rules);

  // A short pause after the last change, so typing a number asks once, not per key.
  useEffect(() => {
    if (rulesText === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      client.request(SegmentPreviewQuery, { rules: JSON.parse(rulesText), first: 20 }).then(
        (data) => current && setPreview({ rules: rulesText, data }),
        (error: unknown) => current && setPreview({ rules: rulesText, error: errorMessage(error) }),
      );
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, rulesText]);

  const fresh = preview?.rules === rulesText ? preview : undefined;
  const onChange = (key: number, change: Parameters<typeof updateNode>[2]) => setTree((root) => (updateNode(root, key, change) as Group | null) ?? newGroup());

  async function save(form: HTMLFormElement) {
    const fields = new FormData(form);
    setSaved(undefined);
    setSaveError(undefined);
    try {
      if (built.rules === undefined) throw new Error(built.error);
      const { defineSegment } = await client.request(DefineSegmentMutation, { input: { id: String(fields.get('id') ?? '').trim(), name: String(fields.get('name') ?? '').trim(), rules: built.rules } });
      setSaved(`Saved “${defineSegment.name}” (rules:${defineSegment.id}) with ${defineSegment.memberCount} member${defineSegment.memberCount === 1 ? '' : 's'}.`);
      definitions.reload();
    } catch (error) {
      setSaveError(errorMessage(error));
    }
  }

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Segments</h1>
      <p class="muted">Build a rule tree (docs/segments.md): the count and the members update as you change it.</p>
      <RuleGroup node={tree} name="Rules" root onChange={onChange} />
      <div class="preview" aria-live="polite" data-testid="segment-count">
        {built.error ? (
          <p class="error">{built.error}</p>
        ) : fresh?.error ? (
          <p class="error">{fresh.error}</p>
        ) : fresh?.data ? (
          <p>
            <strong>{fresh.data.segmentPreview.count}</strong> customer{fresh.data.segmentPreview.count === 1 ? '' : 's'} match
          </p>
        ) : (
          <p class="muted">Counting…</p>
        )}
      </div>
      <details>
        <summary>The rule tree as JSON</summary>
        <pre class="json">{rulesText ? JSON.stringify(built.rules, null, 2) : ''}</pre>
      </details>
      <h2>Members</h2>
      {fresh?.data && (
        <ul class="results" aria-label="Members">
          {fresh.data.customers.edges.map(({ node }) => (
            <li key={node.id}>
              <Link href={customerPath(node.id)}>{customerName(node)}</Link> <span class="muted">{node.emails.join(', ')}</span>
            </li>
          ))}
          {fresh.data.customers.totalCount > fresh.data.customers.edges.length && <li class="muted">and {fresh.data.customers.totalCount - fresh.data.customers.edges.length} more</li>}
        </ul>
      )}
      <h2>Save as a defined segment</h2>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          void save(event.currentTarget);
        }}
      >
        <label>
          Segment id
          <input name="id" required placeholder="unhappy-email" />
        </label>
        <label>
          Segment name
          <input name="name" required placeholder="Unhappy email customers" />
        </label>
        <button type="submit">Save segment</button>
      </form>
      {saved && <p role="status">{saved}</p>}
      {saveError && (
        <p class="error" role="alert">
          {saveError}
        </p>
      )}
      <h2>Defined segments</h2>
      {definitions.error && <p class="error">{definitions.error}</p>}
      <table class="inbox" aria-label="Defined segments">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Members</th>
            <th scope="col">Refreshed</th>
            <th scope="col">Rules</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(definitions.data ?? []).map((segment) => (
            <tr key={segment.id} data-segment-id={segment.id}>
              <td>{segment.id}</td>
              <td>{segment.name}</td>
              <td>{segment.memberCount}</td>
              <td>{formatTime(segment.refreshedAt)}</td>
              <td>
                <code class="rules">{JSON.stringify(segment.rules)}</code>
              </td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    if (!confirm(`Delete the segment “${segment.name}”? Every member leaves it.`)) return;
                    client.request(DeleteSegmentMutation, { id: segment.id }).then(definitions.reload, (error: unknown) => setSaveError(errorMessage(error)));
                  }}
                >
                  Delete<span class="visually-hidden"> {segment.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
