import { useEffect, useMemo, useState } from 'preact/hooks';
import { isUnauthenticated } from '../client.js';
import { ReplyBox } from '../components/ReplyBox.js';
import { ReplyWindows } from '../components/ReplyWindows.js';
import { Thread } from '../components/Thread.js';
import { customerName, errorMessage, formatTime, since } from '../format.js';
import type { ThreadItemFragment } from '../gql/graphql.js';
import { AssignConversation, ConversationChanged, ConversationThread, InteractionRecorded, ResolveConversation, TakeOverConversation, Users } from '../operations.js';
import { customerPath, Link } from '../router.js';
import { useSession } from '../session.js';
import { useDebounced, useQuery } from '../useQuery.js';
import { PluginViews } from '../views/PluginViews.js';

/** How often delivery statuses (read receipts) are fetched again: no subscription carries them. */
const DELIVERY_REFRESH_MS = 10_000;

/** One conversation: its whole thread across channels, the reply box and what an agent can do with it. */
export function ConversationPage(props: { id: string }) {
  const { client, user } = useSession();
  const thread = useQuery(() => client.request(ConversationThread, { id: props.id }).then((data) => data.conversation), [client, props.id]);
  const users = useQuery(() => client.request(Users).then((data) => data.users).catch((error: unknown) => (isUnauthenticated(error) ? Promise.reject(error) : [])), [client]);
  const [live, setLive] = useState<ThreadItemFragment[]>([]);
  const [actionError, setActionError] = useState<string | undefined>();
  const [assignTo, setAssignTo] = useState('');
  const refresh = useDebounced(thread.reload, 250);
  const conversation = thread.data;
  const customerId = conversation?.customer.id;

  useEffect(() => {
    if (!customerId) return;
    const stops = [
      client.subscribe(InteractionRecorded, { customerId }, ({ interactionRecorded: item }) => {
        if (item.conversation?.id === props.id) setLive((current) => withItem(current, item));
        refresh();
      }),
      client.subscribe(ConversationChanged, {}, ({ conversationChanged: change }) => {
        if (change.conversation.id === props.id) refresh();
      }),
    ];
    const timer = setInterval(refresh, DELIVERY_REFRESH_MS);
    return () => {
      stops.forEach((stop) => stop());
      clearInterval(timer);
    };
  }, [client, customerId, props.id, refresh]);

  const items = useMemo(() => {
    const loaded = (conversation?.interactions?.edges ?? []).map((edge) => edge.node);
    const ids = new Set(loaded.map((item) => item.id));
    return [...loaded, ...live.filter((item) => !ids.has(item.id))];
  }, [conversation, live]);

  async function act(run: () => Promise<unknown>) {
    setActionError(undefined);
    try {
      await run();
      thread.reload();
    } catch (failure) {
      setActionError(errorMessage(failure));
    }
  }

  if (thread.error && !conversation) {
    return (
      <p class="error" role="alert">
        {thread.error}
      </p>
    );
  }
  if (!conversation) return <p aria-live="polite">Loading…</p>;
  const people = [...(users.data ?? [])].filter((person) => person.role !== 'VIEWER' && person.id !== user.id);

  return (
    <section aria-labelledby="page-title" class="conversation">
      <h1 id="page-title">
        Conversation with <Link href={customerPath(conversation.customer.id)}>{customerName(conversation.customer)}</Link>
      </h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd data-testid="conversation-status">{conversation.status === 'OPEN' ? 'Open' : `Resolved ${formatTime(conversation.resolvedAt)}`}</dd>
        <dt>Handler</dt>
        <dd>{conversation.handler === 'BOT' ? `Bot (${conversation.bot ?? 'bot'})` : conversation.bot ? `Human (handed off by ${conversation.bot})` : 'Human'}</dd>
        <dt>Assignee</dt>
        <dd>{conversation.assignee ? conversation.assignee.displayName || conversation.assignee.email : 'Unassigned'}</dd>
        <dt>Waiting</dt>
        <dd>{conversation.waitingSince ? since(conversation.waitingSince) : 'Nobody is waiting'}</dd>
        <dt>Channels</dt>
        <dd>{conversation.channels.join(', ')}</dd>
      </dl>
      <ReplyWindows windows={conversation.replyWindows} />
      {conversation.status === 'OPEN' && (
        <div class="actions" role="group" aria-label="Conversation actions">
          <button type="button" onClick={() => act(() => client.request(ResolveConversation, { id: conversation.id }))}>
            Resolve
          </button>
          {conversation.handler === 'BOT' && (
            <button type="button" onClick={() => act(() => client.request(TakeOverConversation, { id: conversation.id }))}>
              Take over from the bot
            </button>
          )}
          {conversation.assignee?.id !== user.id && (
            <button type="button" class="secondary" onClick={() => act(() => client.request(AssignConversation, { id: conversation.id, userId: user.id }))}>
              Assign to me
            </button>
          )}
          <label>
            Assign to
            <select value={assignTo} onChange={(event) => setAssignTo(event.currentTarget.value)}>
              <option value="">Nobody (unassign)</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.displayName || person.email}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="secondary" onClick={() => act(() => client.request(AssignConversation, { id: conversation.id, userId: assignTo || null }))}>
            Assign
          </button>
        </div>
      )}
      {actionError && (
        <p class="error" role="alert">
          {actionError}
        </p>
      )}
      <h2>Thread</h2>
      <Thread items={items} label="Messages" />
      {conversation.status === 'OPEN' ? (
        <ReplyBox conversation={conversation} items={items} onSent={(item) => setLive((current) => withItem(current, item))} />
      ) : (
        <p class="muted">This conversation is resolved: the customer's next message opens a new one.</p>
      )}
      <PluginViews location="conversation" objectId={conversation.id} graphql={client.raw} />
    </section>
  );
}

/**
 * `items` with `item` at the end, unless it is there already. An agent's own reply arrives twice,
 * as sendMessage's answer and as the interactionRecorded subscription's, in either order.
 */
function withItem(items: ThreadItemFragment[], item: ThreadItemFragment): ThreadItemFragment[] {
  return items.some((existing) => existing.id === item.id) ? items : [...items, item];
}
