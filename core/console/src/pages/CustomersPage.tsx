import { useState } from 'preact/hooks';
import { customerName, formatTime } from '../format.js';
import { SearchCustomers } from '../operations.js';
import { customerPath, Link } from '../router.js';
import { useSession } from '../session.js';
import { useQuery } from '../useQuery.js';

/** Customer search: by name, email or phone (the `customers(query:)` search). */
export function CustomersPage() {
  const { client } = useSession();
  const [query, setQuery] = useState('');
  const results = useQuery(() => client.request(SearchCustomers, { query: query || null, first: 25 }).then((data) => data.customers), [client, query]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Customers</h1>
      <form
        role="search"
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(String(new FormData(event.currentTarget).get('q') ?? '').trim());
        }}
      >
        <label>
          Search customers
          <input name="q" type="search" placeholder="Name, email or phone" />
        </label>
        <button type="submit">Search</button>
      </form>
      {results.error && (
        <p class="error" role="alert">
          {results.error}
        </p>
      )}
      <p class="count" aria-live="polite">
        {results.data ? `${results.data.totalCount} customer${results.data.totalCount === 1 ? '' : 's'}` : 'Loading…'}
      </p>
      <ul class="results">
        {(results.data?.edges ?? []).map(({ node }) => (
          <li key={node.id}>
            <Link href={customerPath(node.id)}>{customerName(node)}</Link> <span class="muted">{[...node.emails, ...node.phones].join(', ')} · updated {formatTime(node.updatedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
