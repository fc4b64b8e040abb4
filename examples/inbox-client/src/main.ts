/**
 * The demo: `RAPPORT_URL=http://127.0.0.1:4000 RAPPORT_TOKEN=rk_… node --import tsx src/main.ts`
 * prints how many customers there are and the first page, then every conversation change as it
 * happens, until Ctrl-C. `RAPPORT_SEND=text` sends operation texts, for a deployment without
 * an operation list (`npm start`).
 */
import { createRapportClient, type SendMode } from './client.js';
import { countCustomers, pageCustomers } from './pageCustomers.js';
import { watchConversations } from './watchConversations.js';

const url = process.env.RAPPORT_URL ?? 'http://127.0.0.1:4000';
const token = process.env.RAPPORT_TOKEN;
if (!token) {
  console.error('Set RAPPORT_TOKEN to an API key: `npm start` prints a demo one ("Demo admin API key: rk_…"), or run `npx rapport keys create --config <its rapport.config.json> --name inbox --role AGENT`.');
  process.exit(2);
}

const send: SendMode = process.env.RAPPORT_SEND === 'text' ? 'text' : 'id';
const client = createRapportClient({ url, token, send });
console.log(`${await countCustomers(client)} customers at ${url}`);
const firstPage = await pageCustomers(client, 10).next();
for (const customer of firstPage.value ?? []) console.log(`  ${customer.displayName ?? '(no name)'}  ${customer.emails.join(', ')}  ${customer.id}`);

const stop = await watchConversations({
  url,
  token,
  send,
  onChange: (change) => console.log(`${change.at}  ${change.kind.padEnd(10)} ${change.conversation.id}  ${change.conversation.customer.displayName ?? ''}`),
  onError: (error) => console.error('subscription error:', error),
});
console.log('Watching conversation changes (Ctrl-C to stop)…');
process.once('SIGINT', () => void stop().then(() => process.exit(0)));
