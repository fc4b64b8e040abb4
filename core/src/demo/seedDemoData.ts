import type { Clock } from '@rapport/sdk';
import type { ConversationService } from '../domain/ConversationService.js';
import type { CustomerService } from '../domain/CustomerService.js';
import type { CoreRecordInput, InteractionService } from '../domain/InteractionService.js';
import type { Database } from '../persistence/openDatabase.js';
import { seededRandom } from '../util/seededRandom.js';

/** What the seeder needs. */
export interface DemoServices {
  database: Database;
  customers: CustomerService;
  interactions: InteractionService;
  conversations: ConversationService;
  clock: Clock;
}

/** What was seeded, for the log. */
export interface DemoReport {
  seeded: boolean;
  customers: number;
  interactions: number;
  conversations: number;
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Tim', 'Barbara', 'Dennis', 'Radia', 'Ken', 'Frances', 'John', 'Hedy', 'Edsger', 'Katherine', 'Donald', 'Anita', 'Guido', 'Sophie', 'Yukihiro'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Berners-Lee', 'Liskov', 'Ritchie', 'Perlman', 'Thompson', 'Allen', 'Backus', 'Lamarr', 'Dijkstra', 'Johnson', 'Knuth', 'Borg', 'van Rossum', 'Wilson', 'Matsumoto'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Soylent'];
const CHANNELS = ['email', 'sms', 'chat', 'phone', 'twitter'] as const;
const QUESTIONS = [
  'Where is my order?',
  'I was charged twice this month.',
  'How do I reset my password?',
  'Can I change my delivery address?',
  'The app crashes when I open settings.',
  'Do you ship to Canada?',
  'I would like to cancel my subscription.',
];
// Follow-ups some customers send, clearly angry or clearly happy, so that a sentiment plugin has
// something to show; chosen by the customer's index, so the seeded random sequence is unchanged.
const ANGRY_FOLLOW_UPS = [
  'This is the third time I have asked. Terrible service, I am furious and I want a refund now.',
  'Still nothing? This is ridiculous and completely unacceptable. Awful experience.',
];
const HAPPY_FOLLOW_UPS = [
  'Thank you so much, that was quick and really helpful. Great service!',
  'Brilliant, it works perfectly now. I love it, thanks a lot!',
];
// Customers with a purchase rhythm, chosen by index like the follow-ups above, so that a churn
// model has something to show: regular buyers who went quiet after a poor experience, and
// regular buyers still on their rhythm.
const LAPSED_ANGER = 'Nobody has answered me in weeks. Awful service, I am done with you and I want my money back.';
const RHYTHM_DAY = 86_400_000;

/** A customer's regular purchases `daysAgo` days before `now`, 14 days apart. */
function regularPurchases(customerId: string, index: number, now: number, daysAgo: readonly number[]): CoreRecordInput[] {
  return daysAgo.map((days, k) => ({
    customerId,
    channel: 'web',
    direction: 'INBOUND',
    type: 'purchase',
    occurredAt: new Date(now - days * RHYTHM_DAY),
    externalId: `demo-order-${index}-r${k}`,
    metadata: { amount: 40 + ((index * 7 + k * 13) % 60), currency: 'EUR' },
  }));
}

/**
 * Every tenth customer (index 3, 13, …) bought every 14 days until 46 days ago, gave a CSAT of 1
 * and then an angry message nobody answered; every tenth from index 7 still buys every 14 days.
 * The lapsed customers' other purchases and answers give way to that story.
 */
function withRhythm(story: CoreRecordInput[], customerId: string, index: number, now: number): CoreRecordInput[] {
  if (index % 10 === 7) return chronological([...story, ...regularPurchases(customerId, index, now, [61, 47, 33, 19, 5])]);
  if (index % 10 !== 3) return story;
  const kept = story
    .filter((interaction) => interaction.type !== 'purchase')
    .map((interaction) => (interaction.metadata && 'csat' in interaction.metadata ? { ...interaction, metadata: { csat: 1 } } : interaction));
  return chronological([
    ...kept,
    ...regularPurchases(customerId, index, now, [88, 74, 60, 46]),
    { customerId, channel: 'email', direction: 'INBOUND', type: 'survey_response', occurredAt: new Date(now - 44 * RHYTHM_DAY), externalId: `demo-csat-${index}-lapsed`, metadata: { csat: 1 } },
    { customerId, channel: 'email', direction: 'INBOUND', type: 'message', text: LAPSED_ANGER, occurredAt: new Date(now - 40 * RHYTHM_DAY), threadKey: `demo-${index}-lapsed`, externalId: `demo-${index}-lapsed` },
  ]);
}

/** The story in the order it happened, as conversations are routed. */
function chronological(story: CoreRecordInput[]): CoreRecordInput[] {
  return story.sort((a, b) => new Date(a.occurredAt!).getTime() - new Date(b.occurredAt!).getTime());
}

const REPLIES = [
  'Thanks for reaching out! Let me look into that for you.',
  'Sorry about that. I have refunded the duplicate charge.',
  'I have sent you a reset link; it is valid for 24 hours.',
  'Done: your order will go to the new address.',
  'Our team has a fix; please update to the latest version.',
];

/**
 * Seeds a demo dataset on an empty database, so that a newcomer's first query shows something
 * real: customers across channels, conversations with replies (some resolved), purchases and
 * survey answers, spread over the last 90 days, and (with `employees`, the default at the default
 * size) 19 employees in teams of 8, 8 and 3 for the pulse survey. The data is generated from a fixed seed, so every
 * demo database looks the same. Does nothing when customers already exist.
 */
export async function seedDemoData(services: DemoServices, options: { customers?: number; employees?: boolean } = {}): Promise<DemoReport> {
  const existing: { n: unknown }[] = await services.database.orm.em.getConnection().execute('select count(*) as n from customers');
  if (Number(existing[0]?.n ?? 0) > 0) return { seeded: false, customers: 0, interactions: 0, conversations: 0 };

  const random = seededRandom(20_260_301);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const now = services.clock.now().getTime();
  const count = options.customers ?? 300;
  let interactions = 0;
  const conversationIds = new Set<string>();

  for (let index = 0; index < count; index++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const email = `${first}.${last}.${index}@example.com`.toLowerCase().replace(/\s+/g, '-');
    const customer = await services.customers.create({
      displayName: `${first} ${last}`,
      emails: [email],
      phones: random() < 0.6 ? [`+336${String(10_000_000 + index * 7919).slice(0, 8)}`] : [],
      handles: random() < 0.3 ? [{ channel: 'twitter', handle: `@${first.toLowerCase()}${index}` }] : [],
      attributes: {
        company: pick(COMPANIES),
        country: pick(['FR', 'GB', 'US', 'DE', 'CA']),
        plan: pick(['free', 'pro', 'enterprise']),
        employees: Math.round(10 + random() * 5000),
      },
    });

    // Each customer's story starts somewhere in the last 90 days and moves forward in time.
    let at = now - Math.floor(random() * 88 * 86_400_000) - 86_400_000;
    const story: CoreRecordInput[] = [];
    const conversationCount = 1 + Math.floor(random() * 3);
    for (let c = 0; c < conversationCount && at < now; c++) {
      const channel = pick(CHANNELS);
      const threadKey = `demo-${index}-${c}`;
      story.push({ customerId: customer.id, channel, direction: 'INBOUND', type: 'message', text: pick(QUESTIONS), occurredAt: new Date(at), threadKey, externalId: `${threadKey}-q` });
      if (c === 0 && index % 6 === 1) {
        const text = ANGRY_FOLLOW_UPS[Math.floor(index / 6) % ANGRY_FOLLOW_UPS.length]!;
        story.push({ customerId: customer.id, channel, direction: 'INBOUND', type: 'message', text, occurredAt: new Date(at + 180_000), threadKey, externalId: `${threadKey}-angry` });
      }
      at += Math.floor((5 + random() * 600) * 60_000);
      if (random() < 0.85 && at < now) {
        story.push({ customerId: customer.id, channel, direction: 'OUTBOUND', type: 'message', text: pick(REPLIES), occurredAt: new Date(at), threadKey, externalId: `${threadKey}-a` });
        if (c === 0 && index % 6 === 4 && at + 120_000 < now) {
          const text = HAPPY_FOLLOW_UPS[Math.floor(index / 6) % HAPPY_FOLLOW_UPS.length]!;
          story.push({ customerId: customer.id, channel, direction: 'INBOUND', type: 'message', text, occurredAt: new Date(at + 120_000), threadKey, externalId: `${threadKey}-thanks` });
        }
      }
      at += Math.floor(random() * 3 * 86_400_000);
    }
    if (random() < 0.6 && at < now) {
      story.push({ customerId: customer.id, channel: 'web', direction: 'INBOUND', type: 'purchase', occurredAt: new Date(at), externalId: `demo-order-${index}`, metadata: { amount: Math.round(random() * 30_000) / 100, currency: 'EUR' } });
      at += 3 * 86_400_000;
    }
    if (random() < 0.5 && at < now) {
      const csat = 1 + Math.floor(random() * 5);
      story.push({ customerId: customer.id, channel: 'email', direction: 'INBOUND', type: 'survey_response', occurredAt: new Date(at), externalId: `demo-csat-${index}`, metadata: { csat } });
    }
    if (random() < 0.3 && at < now) {
      const nps = Math.floor(random() * 11);
      story.push({ customerId: customer.id, channel: 'email', direction: 'INBOUND', type: 'survey_response', occurredAt: new Date(at + 3_600_000), externalId: `demo-nps-${index}`, metadata: { nps } });
    }
    // A customer who wrote on the chat had a chat visitor: with its handle, replies and hand-off
    // notices reach them there, as they would on a real deployment.
    if (story.some((interaction) => interaction.channel === 'chat') && !customer.handles.some((handle) => handle.channel === 'chat')) {
      await services.customers.update(customer.id, { handles: [...customer.handles, { channel: 'chat', handle: `demo-visitor-${index}` }] });
    }
    const recorded = await services.interactions.recordMany(withRhythm(story, customer.id, index, now));
    interactions += recorded.length;
    for (const interaction of recorded) if (interaction.conversationId) conversationIds.add(interaction.conversationId);
    // Most conversations that got a reply were resolved a little later.
    for (const interaction of recorded) {
      if (interaction.direction === 'OUTBOUND' && interaction.conversationId && random() < 0.7) {
        const resolvedAt = Math.min(now, interaction.occurredAt.getTime() + Math.floor((0.5 + random() * 47) * 3_600_000));
        await services.conversations.resolve(interaction.conversationId, new Date(resolvedAt));
      }
    }
  }
  // The full demo (the default size) has employees too; a sized one, as tests ask for, has customers only.
  const staff = (options.employees ?? options.customers === undefined) ? await seedEmployees(services) : 0;
  return { seeded: true, customers: count + staff, interactions, conversations: conversationIds.size };
}

// Internal customers for the employee pulse survey: teams of 8, 8 and 3, so that pulseResults
// shows a team, suppresses the small one and, by the next-smallest rule, one more. Seeded after
// the customers and without the seeded random sequence, so the customers above stay as they were.
const DEMO_TEAMS = [
  { team: 'Support', size: 8 },
  { team: 'Engineering', size: 8 },
  { team: 'Logistics', size: 3 },
] as const;

/** The demo's employees (`attributes.kind = "employee"`), each with a chat handle to be invited on. */
async function seedEmployees(services: DemoServices): Promise<number> {
  let seeded = 0;
  for (const { team, size } of DEMO_TEAMS) {
    for (let member = 0; member < size; member++, seeded++) {
      const first = FIRST_NAMES[(seeded * 7) % FIRST_NAMES.length]!;
      const last = LAST_NAMES[(seeded * 11 + 3) % LAST_NAMES.length]!;
      await services.customers.create({
        displayName: `${first} ${last}`,
        emails: [`${first}.${last}@staff.acme.example`.toLowerCase().replace(/\s+/g, '-')],
        handles: [{ channel: 'chat', handle: `staff-${seeded + 1}` }],
        attributes: { kind: 'employee', team },
      });
    }
  }
  return seeded;
}
