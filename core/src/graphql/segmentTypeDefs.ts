/**
 * The customer finder and segment previews (contract §12; docs/segments.md): rule trees over
 * customers, compiled to SQL (core/src/segments/).
 */
export const segmentTypeDefs = /* GraphQL */ `
  "How customers(where:) orders: createdAt, displayName, score.<rule> or interactions.lastAt; ties by id."
  input CustomerOrder {
    "createdAt, displayName, score.<rule> (e.g. score.csat) or interactions.lastAt (the last inbound interaction)."
    field: String!
    "ASC (the default) or DESC; ties go by id in the same direction, and customers without a value come last either way."
    direction: SortDirection = ASC
  }

  "The direction of an order."
  enum SortDirection {
    "Smallest, oldest or A first."
    ASC
    "Largest, newest or Z first."
    DESC
  }

  """
  A count that stays cheap on a large base: counted exactly up to 1,000 matches (the database
  stops reading there), estimated beyond (docs/segments.md, "Counting matches").
  """
  type CountEstimate {
    "The count when exact is true; otherwise an estimate, always above 1,000."
    value: Int!
    """
    True when value was counted. False when it is an estimate: PostgreSQL's planner statistics, or
    on SQLite the share of matches in a sample spread over all customers.
    """
    exact: Boolean!
  }

  extend type CustomerConnection {
    """
    How many customers match, cheaply: exact up to 1,000, an estimate (exact: false) beyond. For a
    count box or a rule builder's live figure on a large base; totalCount reads every match.
    """
    countEstimate: CountEstimate!
  }

  "How many customers a rule tree matches now."
  type SegmentPreview {
    "How many customers match, counted exactly."
    count: Int!
  }

  "A segment defined by a rule tree; its members are customers(segment: 'rules:<id>')."
  type SegmentDefinition {
    "The segment's id: its members are customers(segment: \\"rules:<id>\\")."
    id: ID!
    "The name to show."
    name: String!
    "The rule tree (docs/segments.md) members match."
    rules: JSON!
    "How many customers were members after the last refresh."
    memberCount: Int!
    "When every customer was last checked against the rules: the scheduled refresh, or defineSegment. The refresh after events, of the customers they named, keeps memberCount current but leaves this."
    refreshedAt: DateTime
    "When the segment was first defined."
    createdAt: DateTime!
    "When it was last redefined."
    updatedAt: DateTime!
  }

  "A segment by rule tree, to define or redefine."
  input DefineSegmentInput {
    "Lower-case letters, digits, '.', '_' or '-'."
    id: ID!
    "The name to show."
    name: String!
    "The rule tree (docs/segments.md); an invalid one is BAD_USER_INPUT naming the JSON path."
    rules: JSON!
  }

  extend type Query {
    "The number of customers a rule tree (docs/segments.md) matches now, without defining a segment."
    segmentPreview("A rule tree (docs/segments.md)." rules: JSON!): SegmentPreview!
    "The segments defined by rule trees, by id."
    segmentDefinitions: [SegmentDefinition!]!
  }

  extend type Mutation {
    "Defines (or redefines) a segment and brings its members up to date at once; members enter with segment.entered."
    defineSegment("The segment's id, name and rule tree." input: DefineSegmentInput!): SegmentDefinition! @requiresScope(scope: "customers:write")
    "Deletes a segment: every member leaves, with segment.left. False when there was none."
    deleteSegment("The segment's id (SegmentDefinition.id)." id: ID!): Boolean! @requiresScope(scope: "customers:write")
  }
`;
