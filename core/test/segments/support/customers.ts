import { ago, DAY, NOW, pick, seededRandom, type SeedCustomer, type SeedInteraction } from './segmentFixture.js';

/*
 * Customers that cover the edge cases of every field: no values at all, equal boundaries, several
 * emails, nested and array attributes, JSON null, numbers stored as strings, customers who never
 * wrote (but were written to), purchases without an amount; then seeded random ones around them.
 */

const BOUNDARY = ago(60 * DAY);

function customer(id: string, fields: Partial<SeedCustomer>): SeedCustomer {
  return { id, displayName: null, attributes: {}, createdAt: ago(100 * DAY), emails: [], phones: [], scores: {}, segments: {}, interactions: [], ...fields };
}

const inbound = (channel: string, at: Date, type = 'message'): SeedInteraction => ({ channel, direction: 'INBOUND', type, occurredAt: at, metadata: {} });
const purchase = (at: Date, amount: unknown): SeedInteraction => ({ channel: 'shop', direction: 'INBOUND', type: 'purchase', occurredAt: at, metadata: amount === undefined ? {} : { amount } });

const EDGE_CASES: SeedCustomer[] = [
  customer('c-empty', { createdAt: ago(30 * DAY) }),
  customer('c-alice', {
    displayName: 'alice',
    createdAt: ago(30 * DAY),
    emails: ['a@acme.com', 'alice@gmail.com'],
    phones: ['+33612345678'],
    attributes: { plan: 'pro', seats: 10, company: { size: 250, name: 'Acme Corp' }, tags: ['vip', 'beta'], active: true, nums: [1, 2], nullish: null, 'trial-days': 14 },
    scores: { csat: 40, nps: 9 },
    segments: { rfm: ['champions'], lifecycle: ['loyal', 'active'] },
    interactions: [inbound('email', BOUNDARY), inbound('sms', ago(2 * DAY)), purchase(ago(10 * DAY), 100), purchase(ago(40 * DAY), 50)],
  }),
  customer('c-bob', {
    displayName: 'bob',
    createdAt: ago(12 * 3_600_000 + 1),
    emails: ['b@other.org'],
    phones: ['+14155550100', '+14155550199'],
    attributes: { plan: 'free', seats: 2.5, company: { size: '250' }, tags: 'vip-list', active: false, str5: '5' },
    scores: { csat: 39.5 },
    segments: { rfm: ['at-risk'] },
    interactions: [inbound('email', ago(60 * DAY - 1)), { channel: 'sms', direction: 'OUTBOUND', type: 'message', occurredAt: ago(DAY), metadata: {} }],
  }),
  customer('c-alicia', {
    displayName: 'Alicia Keys',
    createdAt: ago(30 * DAY - 1),
    emails: ['ak@ACME.com'.toLowerCase()],
    attributes: { plan: 'PRO', seats: 10, company: { size: 1000 }, tags: [], nums: ['2'] },
    scores: { csat: 80 },
    segments: { rfm: ['champions', 'loyal'] },
    interactions: [purchase(ago(5 * DAY), 'lots'), purchase(ago(70 * DAY), undefined), purchase(BOUNDARY, 0.5)],
  }),
  customer('c-written-to', {
    displayName: '',
    createdAt: ago(200 * DAY),
    attributes: { plan: null, company: 'none', seats: '10' },
    interactions: [{ channel: 'email', direction: 'OUTBOUND', type: 'message', occurredAt: ago(DAY), metadata: {} }, { channel: 'chat', direction: 'INTERNAL', type: 'note', occurredAt: ago(3 * DAY), metadata: {} }],
  }),
  // Dated in the future (a clock ahead, an import): it counts as their last and first, as the rows say.
  customer('c-future', {
    displayName: 'fiona',
    createdAt: ago(5 * DAY),
    interactions: [inbound('chat', ago(-2 * DAY)), purchase(ago(-DAY), 30)],
  }),
  customer('c-quiet', {
    displayName: 'quinn',
    createdAt: ago(61 * DAY),
    scores: { csat: 12 },
    segments: { lifecycle: ['churned'] },
    interactions: [inbound('chat', ago(61 * DAY)), inbound('chat', ago(90 * DAY)), inbound('email', ago(120 * DAY))],
  }),
];

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', null];
const PLANS = ['pro', 'free', 'team', null, 7];
const CHANNELS = ['email', 'sms', 'chat'];
const SEGMENTS = ['champions', 'at-risk', 'loyal', 'lost'];
const DAYS = [0.5, 2, 10, 30, 59, 60, 61, 90, 200];

function randomCustomer(random: () => number, index: number): SeedCustomer {
  const maybe = (probability: number): boolean => random() < probability;
  const interactions: SeedInteraction[] = [];
  const count = Math.floor(random() * 4);
  for (let i = 0; i < count; i++) interactions.push(inbound(pick(random, CHANNELS), ago(pick(random, DAYS) * DAY)));
  if (maybe(0.3)) interactions.push({ channel: 'email', direction: 'OUTBOUND', type: 'message', occurredAt: ago(pick(random, DAYS) * DAY), metadata: {} });
  const purchases = Math.floor(random() * 3);
  for (let i = 0; i < purchases; i++) interactions.push(purchase(ago(pick(random, DAYS) * DAY), pick(random, [20, 50, 100, 150, undefined])));
  const attributes: Record<string, unknown> = {};
  const plan = pick(random, PLANS);
  if (plan !== null || maybe(0.5)) attributes.plan = plan;
  if (maybe(0.7)) attributes.seats = pick(random, [1, 2.5, 10, 20, '10']);
  if (maybe(0.5)) attributes.company = { size: pick(random, [10, 100, 250, 1000]) };
  if (maybe(0.5)) attributes.tags = SEGMENTS.filter(() => maybe(0.4)).map((tag) => (tag === 'champions' ? 'vip' : tag));
  if (maybe(0.4)) attributes.active = maybe(0.5);
  const id = `c-r${String(index).padStart(2, '0')}`;
  return customer(id, {
    displayName: pick(random, NAMES),
    createdAt: ago(pick(random, DAYS) * DAY),
    emails: maybe(0.6) ? [`${id}@${pick(random, ['acme.com', 'gmail.com', 'other.org'])}`] : [],
    phones: maybe(0.3) ? [`+3361234${String(1000 + index)}`] : [],
    attributes,
    scores: maybe(0.7) ? { csat: pick(random, [10, 39.5, 40, 60, 80, 100]) } : {},
    segments: maybe(0.6) ? { rfm: [pick(random, SEGMENTS)] } : {},
    interactions,
  });
}

/** The edge cases and 40 seeded random customers. */
export function segmentCustomers(): SeedCustomer[] {
  const random = seededRandom(14);
  return [...EDGE_CASES, ...Array.from({ length: 40 }, (_, index) => randomCustomer(random, index))];
}

export { NOW };
