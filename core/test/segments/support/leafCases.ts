import { ago, DAY } from './segmentFixture.js';

/** A leaf to compile and evaluate. */
export interface LeafCase {
  field: string;
  op: string;
  value?: unknown;
}

const iso = (date: Date): string => date.toISOString();

/**
 * Values per field and operator, chosen at the seeded customers' boundaries (CSAT exactly 40,
 * an interaction exactly 60 days ago, a name differing only by case, …). Every field and
 * operator of the table has cases: the correctness test checks that against RULE_FIELDS.
 */
const CASES: Record<string, Record<string, unknown[]>> = {
  displayName: {
    eq: ['alice', 'Alice', ''],
    ne: ['alice'],
    in: [['alice', 'bob'], ['nobody']],
    notIn: [['alice', 'quinn']],
    contains: ['ALI', 'z', 'keys'],
    exists: [undefined],
    notExists: [undefined],
  },
  email: {
    eq: ['a@acme.com', ' A@ACME.com ', 'nobody@acme.com'],
    ne: ['a@acme.com'],
    in: [['a@acme.com', 'b@other.org']],
    notIn: [['a@acme.com']],
    contains: ['@acme.com', 'GMAIL'],
    exists: [undefined],
    notExists: [undefined],
  },
  phone: {
    eq: ['+33 6 12 34 56 78', '+1 (415) 555-0199'],
    ne: ['+14155550100'],
    in: [['+33612345678', '+14155550199']],
    notIn: [['+33612345678']],
    contains: ['+33', '555'],
    exists: [undefined],
    notExists: [undefined],
  },
  createdAt: {
    lt: [iso(ago(30 * DAY)), '2026-01-01'],
    lte: [iso(ago(30 * DAY))],
    gt: [iso(ago(30 * DAY))],
    gte: [iso(ago(30 * DAY))],
    olderThan: ['P30D', 'PT12H', 'P8W'],
    newerThan: ['P30D', 'PT12H'],
  },
  'attributes.plan': {
    eq: ['pro', 'PRO', 7],
    ne: ['pro'],
    in: [['pro', 'free'], [7, 'team']],
    notIn: [['pro']],
    contains: ['PR', 'o'],
    exists: [undefined],
    notExists: [undefined],
  },
  'attributes.seats': {
    eq: [10, '10', 2.5],
    ne: [10],
    lt: [10, 2.5],
    lte: [10, 2.5],
    gt: [2.5],
    gte: [10],
    in: [[10, 20], ['10']],
    notIn: [[10]],
  },
  'attributes.company.size': { eq: [250, '250'], gt: [100], lte: [250], exists: [undefined], notExists: [undefined] },
  'attributes.tags': { contains: ['vip', 'VIP', 'lost'], eq: ['vip'], exists: [undefined] },
  'attributes.nums': { contains: [2, '2'] },
  'attributes.active': { eq: [true, false], in: [[true]], ne: [true], notIn: [[false]] },
  'attributes.str5': { eq: [5, '5'] },
  'attributes.nullish': { exists: [undefined], notExists: [undefined] },
  'attributes.trial-days': { gte: [14] },
  'score.csat': {
    eq: [40, 39.5],
    ne: [40],
    lt: [40],
    lte: [40],
    gt: [39.5],
    gte: [40],
    in: [[40, 80]],
    notIn: [[40]],
    exists: [undefined],
    notExists: [undefined],
  },
  'score.nps': { gte: [9], notExists: [undefined] },
  'segment.rfm': {
    eq: ['champions'],
    ne: ['champions'],
    in: [['champions', 'at-risk']],
    notIn: [['champions']],
    exists: [undefined],
    notExists: [undefined],
  },
  'segment.lifecycle': { eq: ['loyal'], ne: ['loyal'] },
  channel: {
    eq: ['sms', 'email'],
    ne: ['sms'],
    in: [['sms', 'chat']],
    notIn: [['email']],
    exists: [undefined],
    notExists: [undefined],
  },
  // Fractional and out-of-range bounds too: counts are whole, and the compiler compares them with whole numbers.
  'interactions.count': { eq: [0, 2, 2.5], ne: [0, 1.5], lt: [2, 2.5], lte: [2, 1.5], gt: [1, 1.5, -3], gte: [1, 1.5, 1e12], in: [[0, 3], [1.5, 2]], notIn: [[0], [0.5]] },
  'interactions.lastAt': {
    lt: [iso(ago(60 * DAY))],
    lte: [iso(ago(60 * DAY))],
    gt: [iso(ago(60 * DAY))],
    gte: [iso(ago(60 * DAY))],
    olderThan: ['P60D', 'P7D'],
    newerThan: ['P60D', 'P1D'],
    exists: [undefined],
    notExists: [undefined],
  },
  'purchases.count': { eq: [0, 2], ne: [0], lt: [2, 0.5], lte: [1], gt: [1, 0.5], gte: [3, 2.5], in: [[1, 3]], notIn: [[0]] },
  'purchases.total': { eq: [0, 150, 0.5], ne: [0], lt: [50.5], lte: [150], gt: [100], gte: [100], in: [[0, 150]], notIn: [[0]] },
  'purchases.lastAt': {
    lt: [iso(ago(60 * DAY))],
    lte: [iso(ago(60 * DAY))],
    gt: [iso(ago(60 * DAY))],
    gte: [iso(ago(60 * DAY))],
    olderThan: ['P30D'],
    newerThan: ['P30D', 'P7D'],
    exists: [undefined],
    notExists: [undefined],
  },
  'activity.firstAt': {
    lt: [iso(ago(60 * DAY))],
    lte: [iso(ago(60 * DAY))],
    gt: [iso(ago(60 * DAY))],
    gte: [iso(ago(60 * DAY)), iso(ago(-DAY))],
    olderThan: ['P60D', 'P7D'],
    newerThan: ['P60D', 'P2D'],
    exists: [undefined],
    notExists: [undefined],
  },
  'purchases.firstAt': {
    lt: [iso(ago(60 * DAY))],
    lte: [iso(ago(60 * DAY))],
    gt: [iso(ago(60 * DAY))],
    gte: [iso(ago(40 * DAY))],
    olderThan: ['P30D', 'P60D'],
    newerThan: ['P30D', 'P7D'],
    exists: [undefined],
    notExists: [undefined],
  },
};

/** Every leaf case, flattened. */
export const LEAF_CASES: readonly LeafCase[] = Object.entries(CASES).flatMap(([field, ops]) =>
  Object.entries(ops).flatMap(([op, values]) => values.map((value) => (value === undefined ? { field, op } : { field, op, value }))),
);

/** The table's name for a leaf's field: `score.csat` is `score`, `attributes.a.b` is `attributes`. */
export function tableName(field: string): string {
  const dot = field.indexOf('.');
  return dot > 0 && ['score', 'segment', 'attributes'].includes(field.slice(0, dot)) ? field.slice(0, dot) : field;
}
