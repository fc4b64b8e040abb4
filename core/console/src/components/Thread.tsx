import { formatTime } from '../format.js';
import type { ThreadItemFragment } from '../gql/graphql.js';

const DIRECTION: Record<string, string> = { INBOUND: 'Customer', OUTBOUND: 'Sent', INTERNAL: 'Note' };
const DELIVERY: Record<string, string> = { QUEUED: 'Queued', SENT: 'Sent', DELIVERED: 'Delivered', READ: 'Read', FAILED: 'Failed' };

/** Interactions in order, each with its channel, direction and delivery status (READ is the read receipt). */
export function Thread(props: { items: ThreadItemFragment[]; label: string }) {
  if (props.items.length === 0) return <p class="muted">Nothing yet.</p>;
  return (
    <ol class="thread" aria-label={props.label}>
      {props.items.map((item) => (
        <li key={item.id} class={`message ${item.direction.toLowerCase()}`} data-interaction-id={item.id} data-direction={item.direction}>
          <p class="meta">
            <span class="who">{DIRECTION[item.direction] ?? item.direction}</span> · <span class="channel">{item.channel}</span>
            {item.type !== 'message' && <> · {item.type}</>} · <time dateTime={item.occurredAt}>{formatTime(item.occurredAt)}</time>
            {item.delivery && (
              <>
                {' '}
                · <span class={`delivery ${item.delivery.status.toLowerCase()}`}>{DELIVERY[item.delivery.status] ?? item.delivery.status}</span>
                {item.delivery.error && <span class="error-text"> ({item.delivery.error})</span>}
              </>
            )}
          </p>
          {item.subject && <p class="subject">{item.subject}</p>}
          {item.text && <p class="text">{item.text}</p>}
        </li>
      ))}
    </ol>
  );
}
