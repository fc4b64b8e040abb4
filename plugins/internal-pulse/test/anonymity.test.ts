import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startRapport, waitFor, type RapportProcess } from '@rapport/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealComment } from '../src/answers.js';
import { hashToken } from '../src/tokens.js';
import { CAPTURE_DIR, PLUGIN, PLUGIN_DIR, PUBLIC_URL, tokenIn } from './support.js';

/** One employee's story: who they are, their link, and what they answered. */
interface Respondent {
  globalId: string;
  id: string;
  email: string;
  token: string;
  answer: number;
  comment: string;
}

/** The little of better-sqlite3 this test uses (the package ships no types). */
interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteDatabase;

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;
type Row = Record<string, unknown>;

let dir: string;
let server: RapportProcess;
let db: SqliteDatabase;
const people: Respondent[] = [];
let roundId: string;

/** Every row of every table, as text per column. */
function everyRow(): { table: string; row: Row }[] {
  const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
  return tables.flatMap(({ name }) => (db.prepare(`select * from "${name}"`).all() as Row[]).map((row) => ({ table: name, row })));
}
const text = (row: Row) => Object.values(row).map((value) => (value instanceof Buffer ? value.toString('utf8') : String(value))).join('\u0001');
const storageRows = (prefix: string) => db.prepare('select key, cast(value as text) as value, updated_at from plugin_storage where namespace = ? and key like ?').all(PLUGIN, `${prefix}%`) as { key: string; value: string; updated_at: unknown }[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pulse-anonymity-'));
  const config = path.join(dir, 'rapport.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      server: { host: '127.0.0.1', port: 0 },
      database: { url: `sqlite:${path.join(dir, 'rapport.db')}` },
      plugins: [CAPTURE_DIR, PLUGIN_DIR],
      pluginSettings: { [PLUGIN]: { publicUrl: PUBLIC_URL } },
    }),
  );
  server = await startRapport(config);
  db = new Database(path.join(dir, 'rapport.db'), { readonly: true, fileMustExist: true });
  for (let i = 0; i < 6; i++) {
    const email = `person${i}@acme.example`;
    const { createCustomer } = await server.graphql<{ createCustomer: { id: string } }>('mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { displayName: `Person ${i}`, emails: [email], attributes: { kind: 'employee', team: 'support' } },
    });
    people.push({ globalId: createCustomer.id, id: rawId(createCustomer.id), email, token: '', answer: 1 + (i % 5), comment: i % 2 === 0 ? `Comment number ${i}, fairly long ${'x'.repeat(i * 20)}` : '' });
  }
  await waitFor('the employee index', () => (storageRows('employee:').length === 6 ? true : undefined));
  const { startPulseRound } = await server.graphql<{ startPulseRound: { id: string; sentTo: number } }>('mutation { startPulseRound(input: { question: "I feel heard." }) { id sentTo } }');
  expect(startPulseRound.sentTo).toBe(6);
  roundId = startPulseRound.id;
  for (const person of people) {
    const data = await server.graphql<{ customer: { interactions: { edges: { node: { text: string } }[] } } }>('query ($id: ID!) { customer(id: $id) { interactions(first: 5) { edges { node { text } } } } }', { id: person.globalId });
    person.token = tokenIn(data.customer.interactions.edges[0]!.node.text);
  }
}, 90_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown) => fetch(`${server.url}/channels/pulse/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('anonymity, on a real deployment over HTTP and SQLite', () => {
  it('answers over HTTP: 200 once, 409 again, 404 unknown, 400 out of range', async () => {
    expect((await post({ token: people[0]!.token, answer: 0 })).status).toBe(400);
    const six = await post({ token: people[0]!.token, answer: 6 });
    expect(six.status).toBe(400);
    expect(await six.json()).toMatchObject({ code: 'BAD_USER_INPUT', error: expect.stringContaining('from 1 (not at all) to 5 (completely), got 6') });
    for (const person of people) expect((await post({ token: person.token, answer: person.answer, ...(person.comment && { comment: person.comment }) })).status).toBe(200);
    expect((await post({ token: people[0]!.token, answer: 3 })).status).toBe(409);
    expect((await post({ token: 'x'.repeat(43), answer: 3 })).status).toBe(404);
    const page = await fetch(`${server.url}/channels/pulse/inbound?token=${people[1]!.token}`);
    expect(page.status).toBe(200);
  });

  it('stores answers in a record no column of which links them to a person', async () => {
    const answers = storageRows('answers:');
    expect(answers).toHaveLength(1);
    const record = JSON.parse(answers[0]!.value) as { team: string; answers: string; comments: string[] };
    expect(record.answers).toBe(people.map((person) => person.answer).sort().join(''));
    expect(record.comments).toHaveLength(6);
    const members = storageRows(`member:${roundId}:`);
    const refs = members.map((row) => row.key.split(':')[2]!);
    expect(members.map((row) => JSON.parse(row.value).customerId).sort()).toEqual(people.map((person) => person.id).sort());
    const personal = people.flatMap((person) => [person.id, person.globalId, person.email, person.token, hashToken(person.token)]).concat(refs);
    for (const row of answers) {
      for (const value of personal) expect(row.key + row.value).not.toContain(value);
      expect(row.value).not.toMatch(/\d{4}-\d{2}-\d{2}T|\b1[0-9]{12}\b/);
    }
    // Comments are nowhere in plain text, and sealed only in the answers record.
    const sealed = people.filter((person) => person.comment).map((person) => sealComment(person.comment));
    for (const { table, row } of everyRow()) {
      const all = text(row);
      for (const person of people.filter((p) => p.comment)) expect(all, `${table} holds a comment`).not.toContain(person.comment);
      if (!(table === 'plugin_storage' && String(row.key).startsWith('answers:'))) for (const slot of sealed) expect(all, `${table} holds a sealed comment`).not.toContain(slot);
    }
  });

  it('leaves nothing about an answer in the interactions or the audit log: its audit events differ only by count', async () => {
    const interactions = db.prepare("select channel, direction, text, metadata from interactions where channel = 'pulse' or direction = 'INBOUND'").all();
    expect(interactions).toEqual([]);
    // The query can see rows: the six invitations are there, OUTBOUND on email.
    expect(db.prepare("select count(*) as n from interactions where channel = 'email' and direction = 'OUTBOUND'").get()).toEqual({ n: 6 });
    await waitFor('the audit log sealed', () => ((db.prepare('select count(*) as n from audit_pending').get() as { n: number }).n === 0 ? true : undefined));
    const events = db.prepare("select action, target_id, changes from audit_events where target_id like ? order by seq").all(`${PLUGIN}:answers:%`) as { action: string; changes: string }[];
    expect(events).toHaveLength(6);
    const growth = events.map((event) => {
      const { valueBytes } = JSON.parse(event.changes) as { valueBytes: { before: number | null; after: number } };
      return valueBytes.after - (valueBytes.before ?? 0);
    });
    // Whatever the score, with or without a comment, short or long: the same growth every time
    // (the first record also carries the team's name and the JSON frame).
    expect(new Set(growth.slice(1)).size).toBe(1);
    for (const { row } of everyRow().filter(({ table }) => table.startsWith('audit_'))) {
      for (const person of people) expect(text(row)).not.toContain(person.token);
    }
  });

  it('exports no answer, and an erasure removes the person\'s invitation but leaves the answers as they are', async () => {
    const person = people[2]!;
    const { exportCustomer } = await server.graphql<{ exportCustomer: { plugins: Record<string, unknown> } }>('query ($id: ID!) { exportCustomer(id: $id) }', { id: person.globalId });
    expect(exportCustomer.plugins[PLUGIN]).toEqual({ 'pulse-invitations': { employee: true, invitations: [{ round: roundId, question: 'I feel heard.', invitedAt: expect.any(String), answered: true }] } });
    expect(JSON.stringify(exportCustomer)).not.toContain(person.comment);
    const before = storageRows('answers:');
    await server.graphql('mutation ($id: ID!) { eraseCustomer(id: $id) }', { id: person.globalId });
    expect(storageRows('answers:')).toEqual(before);
    for (const row of storageRows('')) expect(row.value).not.toContain(person.id);
    expect(storageRows('token:').map((row) => row.key)).not.toContain(`token:${hashToken(person.token)}`);
    expect((await post({ token: person.token, answer: 3 })).status).toBe(404);
  });
});
