import { formatTime } from '../format.js';
import type { InboxRowFragment } from '../gql/graphql.js';

/** The channel windows (WhatsApp's 24 hours): open until when, or closed and templates only. */
export function ReplyWindows(props: { windows: InboxRowFragment['replyWindows'] }) {
  if (props.windows.length === 0) return null;
  return (
    <ul class="windows">
      {props.windows.map((w) => (
        <li key={w.channel} class={w.open ? 'window open' : 'window closed'}>
          {w.open
            ? `${w.channel} window open${w.closesAt ? ` until ${formatTime(w.closesAt)}` : ''}`
            : `${w.channel} window closed${w.closesAt ? ` since ${formatTime(w.closesAt)}` : ''}: templates only`}
        </li>
      ))}
    </ul>
  );
}
