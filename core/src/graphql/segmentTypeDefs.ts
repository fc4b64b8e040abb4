/**
 * The customer finder and segment previews (contract §12; docs/segments.md): rule trees over
 * customers, compiled to SQL (core/src/segments/).
 */
export const segmentTypeDefs = /* GraphQL */ `
  "How customers(where:) orders: createdAt, displayName, score.<rule> or interactions.lastAt; ties by id."
  input CustomerOrder {
    field: String!
    direction: SortDirection = ASC
  }

  enum SortDirection {
    ASC
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
    count: Int!
  }

  "A segment defined by a rule tree; its members are customers(segment: 'rules:<id>')."
  type SegmentDefinition {
    id: ID!
    name: String!
    rules: JSON!
    "How many customers were members after the last refresh."
    memberCount: Int!
    "When the members were last brought up to date."
    refreshedAt: DateTime
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  input DefineSegmentInput {
    "Lower-case letters, digits, '.', '_' or '-'."
    id: ID!
    name: String!
    rules: JSON!
  }

  extend type Query {
    "The number of customers a rule tree (docs/segments.md) matches now, without defining a segment."
    segmentPreview(rules: JSON!): SegmentPreview!
    "The segments defined by rule trees, by id."
    segmentDefinitions: [SegmentDefinition!]!
  }

  extend type Mutation {
    "Defines (or redefines) a segment and brings its members up to date at once; members enter with segment.entered."
    defineSegment(input: DefineSegmentInput!): SegmentDefinition! @requiresScope(scope: "customers:write")
    "Deletes a segment: every member leaves, with segment.left. False when there was none."
    deleteSegment(id: ID!): Boolean! @requiresScope(scope: "customers:write")
  }
`;
