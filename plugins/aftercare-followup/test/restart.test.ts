import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_CHANNEL, CHAT_CHANNEL_DIR, PLUGIN, PLUGIN_DIR } from './paths.js';
import { startRapport, waitFor, type RapportProcess } from '@rapport/sdk/testing';

/** A line the fixture channel appends for each call to its send(). */
interface SentLine {
  customerId: string;
  conversationId: string;
  to: string;
  text: string;
  idempotencyKey: string;
  metadata: Record<string, unknown>;
  at: number;
}

interface ConversationView {
  conversation: { status: string; interactions: { edges: { node: { type: string; direction: string; text: string | null } }[] } };
}

const CONVERSATION = 'query($id: ID!) { conversation(id: $id) { status interactions { edges { node { type direction text } } } } }';
const DELAY_MS = 3_000;

describe('post-resolution-survey across a process restart', () => {
  const servers: RapportProcess[] = [];
  let dir: string | undefined;

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends the survey once after the delay although the process was killed while the run slept, and acts on the answer', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rapport-aftercare-'));
    const outboxFile = path.join(dir, 'chat-outbox.jsonl');
    const configFile = path.join(dir, 'rapport.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0 },
        database: { url: `sqlite:${path.join(dir, 'rapport.db')}` },
        plugins: [PLUGIN_DIR, CHAT_CHANNEL_DIR],
        pluginSettings: {
          [PLUGIN]: { delay: `PT${DELAY_MS / 1000}S`, reminderAfter: 'PT2M', giveUpAfter: 'PT5M' },
          [CHAT_CHANNEL]: { outboxFile },
        },
      }),
    );
    const sentLines = (): SentLine[] =>
      existsSync(outboxFile) ? readFileSync(outboxFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as SentLine) : [];

    const first = await startRapport(configFile);
    servers.push(first);
    const { recordInteraction: message } = await first.graphql<{ recordInteraction: { customer: { id: string }; conversation: { id: string } } }>('mutation { recordInteraction(input: { handle: "ada", channel: "chat", direction: INBOUND, type: "message", text: "My order is late" }) { customer { id } conversation { id } } }',
    );
    const conversationId = message.conversation.id;
    const { resolveConversation } = await first.graphql<{ resolveConversation: { status: string; resolvedAt: string } }>('mutation($id: ID!) { resolveConversation(id: $id) { status resolvedAt } }',
      { id: conversationId },
    );
    expect(resolveConversation.status).toBe('RESOLVED');
    await waitFor('the run to sleep', async () => {
      const { workflowRuns } = await first.graphql<{ workflowRuns: { totalCount: number } }>('{ workflowRuns(status: SLEEPING, workflow: "post-resolution-survey") { totalCount } }');
      return workflowRuns.totalCount === 1 ? true : undefined;
    });
    await first.kill();
    expect(sentLines()).toEqual([]);

    const second = await startRapport(configFile);
    servers.push(second);
    const [survey] = await waitFor('the survey', () => (sentLines().length > 0 ? sentLines() : undefined));
    expect(survey).toMatchObject({ to: 'ada', metadata: { survey: { metric: 'csat', min: 1, max: 5 } } });
    expect(survey!.text).toContain('Reply with a number from 1 (very unsatisfied) to 5 (very satisfied).');
    // Not before the delay was over, whatever the restart did to the timer.
    expect(survey!.at).toBeGreaterThanOrEqual(Date.parse(resolveConversation.resolvedAt) + DELAY_MS);
    await waitFor('the run to wait for the answer', async () => {
      const { workflowRuns } = await second.graphql<{ workflowRuns: { totalCount: number } }>('{ workflowRuns(status: WAITING) { totalCount } }');
      return workflowRuns.totalCount === 1 ? true : undefined;
    });
    expect(sentLines()).toHaveLength(1);

    await second.graphql('mutation($customerId: ID!) { recordInteraction(input: { customerId: $customerId, channel: "chat", direction: INBOUND, type: "survey_response", text: "1", metadata: { csat: 1 } }) { id } }',
      { customerId: message.customer.id },
    );
    const view = await waitFor('the conversation to be re-opened', async () => {
      const data = await second.graphql<ConversationView>(CONVERSATION, { id: conversationId });
      return data.conversation.status === 'OPEN' ? data.conversation : undefined;
    });
    expect(view.interactions.edges.map(({ node }) => node)).toEqual([
      { type: 'message', direction: 'INBOUND', text: 'My order is late' },
      { type: 'message', direction: 'OUTBOUND', text: survey!.text },
      { type: 'note', direction: 'INTERNAL', text: 'CSAT 1 of 5 after resolution — follow up with the customer' },
    ]);
    const { workflowRuns } = await waitFor('the run to complete', async () => {
      const data = await second.graphql<{ workflowRuns: { edges: { node: { status: string; steps: { name: string; attempts: number }[] } }[] } }>('{ workflowRuns(workflow: "post-resolution-survey") { edges { node { status steps { name attempts } } } } }',
      );
      return data.workflowRuns.edges[0]?.node.status === 'COMPLETED' ? data : undefined;
    });
    expect(workflowRuns.edges).toHaveLength(1);
    expect(workflowRuns.edges[0]!.node.steps.map((step) => [step.name, step.attempts])).toEqual([
      ['delay', 1],
      ['choose-channel', 1],
      ['survey', 1],
      ['answer', 1],
      ['read-answer', 1],
      ['note', 1],
      ['reopen', 1],
      ['answered', 1],
    ]);
    expect(sentLines()).toHaveLength(1);
    expect(await second.stop()).toBe(0);
  }, 90_000);
});
