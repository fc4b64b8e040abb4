import { useEffect, useMemo, useState } from 'preact/hooks';
import { isUnauthenticated } from '../client.js';
import { ReplyWindows } from '../components/ReplyWindows.js';
import { customerName, since } from '../format.js';
import type { ConversationHandler, InboxRowFragment } from '../gql/graphql.js';
import { Channels, ConversationChanged, InboxConversations, InteractionRecorded, Users } from '../operations.js';
import { conversationPath, Link } from '../router.js';
import { useSession, type SignedInUser } from '../session.js';
import { useDebounced, useQuery } from '../useQuery.js';

type Person = Pick<SignedInUser, 'id' | 'email' | 'displayName'>;

/** The filters an agent chose, kept while the page is open, so coming back from a conversation keeps them. */
const remembered: { channel: string; assigneeId: string; handler: '' | ConversationHandler } = { channel: '', assigneeId: '', handler: '' };

/**
 * The conversations an agent can act on: open ones, those whose customer waits longest first (the
 * server's order), filtered by channel, assignee and handler, kept current by subscriptions.
 */
export function InboxPage() {
  const { client, user } = useSession();
  const [channel, setChannel] = useState(remembered.channel);
  const [assigneeId, setAssigneeId] = useState(remembered.assigneeId);
  const [handler, setHandler] = useState<'' | ConversationHandler>(remembered.handler);
  useEffect(() => void Object.assign(remembered, { channel, assigneeId, handler }), [channel, assigneeId, handler]);
  // Hand-off reasons seen live, by conversation: the list shows why a bot passed it on.
  const [handOffs, setHandOffs] = useState<Record<string, string>>({});
  const [gone, setGone] = useState<Set<string>>(new Set());

  const channels = useQuery(() => client.request(Channels).then((data) => data.channels), [client]);
  // Listing users needs access:manage (admins); an agent picks from the assignees the inbox shows.
  const users = useQuery(() => client.request(Users).then((data) => data.users as Person[]).catch((error: unknown) => (isUnauthenticated(error) ? Promise.reject(error) : [])), [client]);
  const list = useQuery(
    () =>
      client
        .request(InboxConversations, { first: 50, channel: channel || null, assigneeId: assigneeId || null, handler: handler || null })
        .then((data) => data.conversations),
    [client, channel, assigneeId, handler],
  );
  const refresh = useDebounced(list.reload, 250);

  useEffect(() => {
    const stops = [
      client.subscribe(ConversationChanged, {}, ({ conversationChanged: change }) => {
        if (change.kind === 'HANDED_OFF') setHandOffs((current) => ({ ...current, [change.conversation.id]: change.reason ?? 'handed off by the bot' }));
        // A resolved conversation leaves at once; the reload then brings the server's order.
        if (change.status === 'RESOLVED') setGone((current) => new Set(current).add(change.conversation.id));
        refresh();
      }),
      // A new message changes who waits and for how long.
      client.subscribe(InteractionRecorded, { customerId: null }, () => refresh()),
    ];
    return () => stops.forEach((stop) => stop());
  }, [client, refresh]);

  const people = useMemo(() => {
    const known = new Map<string, Person>([[user.id, user]]);
    for (const person of users.data ?? []) known.set(person.id, person);
    for (const edge of list.data?.edges ?? []) if (edge.node.assignee) known.set(edge.node.assignee.id, edge.node.assignee);
    return [...known.values()];
  }, [user, users.data, list.data]);

  const rows = (list.data?.edges ?? []).map((edge) => edge.node).filter((row) => !gone.has(row.id));
  useEffect(() => setGone(new Set()), [list.data]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Inbox</h1>
      <form class="filters" aria-label="Filter conversations" onSubmit={(event) => event.preventDefault()}>
        <label>
          Channel
          <select value={channel} onChange={(event) => setChannel(event.currentTarget.value)}>
            <option value="">All channels</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName} ({c.id})
              </option>
            ))}
          </select>
        </label>
        <label>
          Assignee
          <select value={assigneeId} onChange={(event) => setAssigneeId(event.currentTarget.value)}>
            <option value="">Anyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.id === user.id ? `Me (${person.email})` : person.displayName || person.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          Handler
          <select value={handler} onChange={(event) => setHandler(event.currentTarget.value as '' | ConversationHandler)}>
            <option value="">Bot or human</option>
            <option value="HUMAN">Human</option>
            <option value="BOT">Bot</option>
          </select>
        </label>
      </form>
      {list.error && (
        <p class="error" role="alert">
          {list.error}
        </p>
      )}
      <p class="count" aria-live="polite">
        {list.data ? `${list.data.totalCount} open conversation${list.data.totalCount === 1 ? '' : 's'}` : 'Loading…'}
      </p>
      <table class="inbox">
        <caption class="visually-hidden">Open conversations, waiting longest first</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Channels</th>
            <th scope="col">Waiting</th>
            <th scope="col">Handler</th>
            <th scope="col">Assignee</th>
            <th scope="col">Windows</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <InboxRow key={row.id} row={row} handOff={handOffs[row.id]} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function InboxRow(props: { row: InboxRowFragment; handOff: string | undefined }) {
  const { row } = props;
  // A conversation a bot was put on and people now handle was handed off (live reason, if seen).
  const handedOff = row.handler === 'HUMAN' && row.bot ? (props.handOff ?? `handed off by ${row.bot}`) : undefined;
  return (
    <tr data-conversation-id={row.id}>
      <td>
        <Link href={conversationPath(row.id)}>{customerName(row.customer)}</Link>
      </td>
      <td>{row.channels.join(', ')}</td>
      <td>{row.waitingSince ? <span class="waiting">{since(row.waitingSince)}</span> : <span class="muted">answered</span>}</td>
      <td>
        {row.handler === 'BOT' ? `Bot (${row.bot ?? 'bot'})` : 'Human'}
        {handedOff && <span class="badge">Hand-off: {handedOff}</span>}
      </td>
      <td>{row.assignee ? row.assignee.displayName || row.assignee.email : <span class="muted">unassigned</span>}</td>
      <td>
        <ReplyWindows windows={row.replyWindows} />
      </td>
    </tr>
  );
}
