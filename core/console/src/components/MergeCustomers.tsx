import { useState } from 'preact/hooks';
import { customerName, errorMessage } from '../format.js';
import type { CustomerDetailFragment } from '../gql/graphql.js';
import { CustomerPage, MergeCustomers as MergeMutation } from '../operations.js';
import { useSession } from '../session.js';
import { previewMerge, type MergePreview } from './MergePreview.js';

/** Merge another customer into this one: preview what moves, then confirm. */
export function MergeCustomers(props: { target: CustomerDetailFragment; onMerged(): void }) {
  const { client } = useSession();
  const [source, setSource] = useState<CustomerDetailFragment | undefined>();
  const [preview, setPreview] = useState<MergePreview | undefined>();
  const [error, setError] = useState<string | undefined>();

  async function showPreview(event: Event) {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget as HTMLFormElement).get('source') ?? '').trim();
    setError(undefined);
    setPreview(undefined);
    try {
      if (id === props.target.id) throw new Error('That is this customer: give the id of the customer to merge into this one.');
      const { customer } = await client.request(CustomerPage, { id });
      if (!customer) throw new Error(`No customer has the id ${id}.`);
      setSource(customer);
      setPreview(previewMerge(props.target, customer));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  async function merge() {
    if (!source) return;
    setError(undefined);
    try {
      await client.request(MergeMutation, { input: { targetId: props.target.id, sourceId: source.id } });
      setSource(undefined);
      setPreview(undefined);
      props.onMerged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section aria-labelledby="merge-title" class="card">
      <h2 id="merge-title">Merge another customer into this one</h2>
      <form onSubmit={showPreview} class="filters">
        <label>
          Customer id to merge
          <input name="source" required />
        </label>
        <button type="submit" class="secondary">
          Preview merge
        </button>
      </form>
      {source && preview && (
        <div class="preview" aria-live="polite">
          <p>
            Merging <strong>{customerName(source)}</strong> into <strong>{customerName(props.target)}</strong> moves:
          </p>
          <ul>
            <li>Emails: {preview.emails.join(', ') || 'none new'}</li>
            <li>Phones: {preview.phones.join(', ') || 'none new'}</li>
            <li>Handles: {preview.handles.join(', ') || 'none new'}</li>
            <li>
              {preview.interactions} interactions, {preview.conversations} conversations, {preview.workflowRuns} workflow runs
            </li>
            <li>Attributes added: {preview.attributesAdded.join(', ') || 'none'}</li>
            <li>Attributes both have (this customer's values are kept): {preview.attributesKept.join(', ') || 'none'}</li>
            <li>Scores added: {preview.scores.join(', ') || 'none'}; segments added: {preview.segments.join(', ') || 'none'}</li>
          </ul>
          <p class="muted">The merged customer's id keeps resolving to this one. A merge cannot be undone.</p>
          <button type="button" onClick={merge}>
            Merge {customerName(source)} into this customer
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
