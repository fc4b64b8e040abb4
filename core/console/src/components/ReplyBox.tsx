import { useEffect, useRef, useState } from 'preact/hooks';
import { formatTime, errorMessage } from '../format.js';
import type { ConversationThreadQuery, ThreadItemFragment } from '../gql/graphql.js';
import { SendMessage, SetTyping } from '../operations.js';
import { useSession } from '../session.js';

type Conversation = NonNullable<ConversationThreadQuery['conversation']>;

/**
 * Replies on the channel the customer used last, or one the agent picks. When that channel's
 * window is closed (WhatsApp's 24 hours), free text is disabled with the reason and a template
 * can be sent instead: the schema takes a template's name, language and parameters but has no
 * list of approved templates, so the agent types the name.
 */
export function ReplyBox(props: { conversation: Conversation; items: ThreadItemFragment[]; onSent(item: ThreadItemFragment): void }) {
  const { client } = useSession();
  const { conversation } = props;
  const lastInbound = [...props.items].reverse().find((item) => item.direction === 'INBOUND');
  const [channel, setChannel] = useState(lastInbound?.channel ?? conversation.openedChannel);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const typingUntil = useRef(0);
  const stopTyping = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (lastInbound) setChannel(lastInbound.channel);
  }, [lastInbound?.channel]);
  useEffect(() => () => clearTimeout(stopTyping.current), []);

  const channels = [...new Set([...conversation.channels, ...conversation.customer.handles.map((h) => h.channel), ...(conversation.customer.emails.length ? ['email'] : [])])];
  const replyWindow = conversation.replyWindows.find((w) => w.channel === channel);
  const closed = replyWindow !== undefined && !replyWindow.open;

  function typing(value: string) {
    setText(value);
    // Tell the customer at most every 3 s, and that the agent stopped 4 s after the last key.
    const now = Date.now();
    if (now > typingUntil.current) {
      typingUntil.current = now + 3_000;
      void client.request(SetTyping, { conversationId: conversation.id, typing: true }).catch(() => undefined);
    }
    clearTimeout(stopTyping.current);
    stopTyping.current = setTimeout(() => {
      typingUntil.current = 0;
      void client.request(SetTyping, { conversationId: conversation.id, typing: false }).catch(() => undefined);
    }, 4_000);
  }

  async function send(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const template = closed
      ? { name: String(form.get('template') ?? ''), language: String(form.get('language') ?? ''), parameters: String(form.get('parameters') ?? '').split(',').map((p) => p.trim()).filter(Boolean) }
      : undefined;
    setBusy(true);
    setError(undefined);
    try {
      const { sendMessage } = await client.request(SendMessage, {
        input: { customerId: conversation.customer.id, conversationId: conversation.id, channel, ...(template ? { template } : { text }) },
      });
      setText('');
      clearTimeout(stopTyping.current);
      typingUntil.current = 0;
      props.onSent(sendMessage);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="reply" onSubmit={send} aria-labelledby="reply-title">
      <h2 id="reply-title">Reply</h2>
      <label>
        Reply on
        <select name="channel" value={channel} onChange={(event) => setChannel(event.currentTarget.value)}>
          {channels.map((id) => (
            <option key={id} value={id}>
              {id}
              {id === lastInbound?.channel ? ' (customer wrote last)' : ''}
            </option>
          ))}
        </select>
      </label>
      {closed ? (
        <>
          <p class="reason" id="reply-reason">
            The {channel} window is closed{replyWindow?.closesAt ? ` since ${formatTime(replyWindow.closesAt)}` : ''}: the customer has not written on {channel} within its window, so
            only an approved template can be sent.
          </p>
          <label for="reply-text">Message</label>
          <textarea id="reply-text" disabled aria-describedby="reply-reason" value="" />
          <fieldset>
            <legend>Send a template</legend>
            <label>
              Template name <input name="template" required />
            </label>
            <label>
              Language <input name="language" required value="en_US" />
            </label>
            <label>
              Parameters (comma-separated) <input name="parameters" />
            </label>
          </fieldset>
        </>
      ) : (
        <>
          <label for="reply-text">Message</label>
          <textarea id="reply-text" name="text" required rows={3} value={text} onInput={(event) => typing(event.currentTarget.value)} />
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {closed ? 'Send template' : 'Send'}
      </button>
    </form>
  );
}
