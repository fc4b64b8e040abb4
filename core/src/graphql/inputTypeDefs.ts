/**
 * The input types of the core mutations (contract §8, §10). Part of the core schema (typeDefs.ts).
 */
export const inputTypeDefs = /* GraphQL */ `
  "A customer's handle on a channel."
  input HandleInput {
    "The channel id, e.g. chat or messenger."
    channel: String!
    "The customer's id on that channel."
    handle: String!
  }
  "A new customer. Every field is optional; an email or phone that belongs to another customer is CONFLICT."
  input CreateCustomerInput {
    "The name to show."
    displayName: String
    "Email addresses; stored lower case."
    emails: [String!]
    "Phone numbers in any usual format; stored in E.164, so give the country code (+33 6 12 34 56 78)."
    phones: [String!]
    "Free-form data as a JSON object."
    attributes: JSON
    "Handles on channels that address people by handle."
    handles: [HandleInput!]
  }
  "Omitted fields keep their value; a given list replaces the customer's list."
  input UpdateCustomerInput {
    "The customer's global id."
    id: ID!
    "The new name to show."
    displayName: String
    "The customer's email addresses, all of them (replaces the list)."
    emails: [String!]
    "The customer's phone numbers, all of them (replaces the list)."
    phones: [String!]
    "The customer's attributes, all of them (replaces the object)."
    attributes: JSON
    "The customer's handles, all of them (replaces the list)."
    handles: [HandleInput!]
  }
  "Two records of one person: the source is merged into the target."
  input MergeCustomersInput {
    "The customer that survives, with both customers' identities, interactions and conversations."
    targetId: ID!
    "The customer merged away; its id resolves to the target from then on."
    sourceId: ID!
  }
  "A message to a customer, sent through a channel's plugin."
  input SendMessageInput {
    "The customer's global id."
    customerId: ID!
    "The channel id (Query.channels), e.g. email; the customer needs an identity of the channel's addressKind."
    channel: String!
    "The conversation the message answers; without it, the customer's recently active open conversation, or a new one."
    conversationId: ID
    "The subject line, for channels that have one (email)."
    subject: String
    "The message. Required unless a template is sent."
    text: String
    "An HTML body, for channels that render one (email); text stays the plain-text part."
    html: String
    "The same key for every retry of one message: the channel delivers it once."
    idempotencyKey: String
    "A template approved by the provider, for channels that take them (WhatsApp); allowed outside the reply window."
    template: MessageTemplateInput
  }
  "A provider template (WhatsApp) and the values of its placeholders."
  input MessageTemplateInput {
    "The template's name, as approved by the provider."
    name: String!
    "A language code such as en_US."
    language: String!
    "The values of the template's {{1}}, {{2}}, … in order."
    parameters: [String!]
  }
  "Give customerId, or an identity: email, phone, or a handle on the channel."
  input RecordInteractionInput {
    "The customer's global id; or leave it out and give an identity."
    customerId: ID
    "The customer's email: matched case-insensitively; a new customer is created when nobody has it."
    email: String
    "The customer's phone: matched in E.164 whatever its formatting; a new customer is created when nobody has it."
    phone: String
    "The customer's handle on this channel; a new customer is created when nobody has it."
    handle: String
    "The channel id, e.g. email, sms, web."
    channel: String!
    "INBOUND from the customer, OUTBOUND to them, INTERNAL for notes."
    direction: Direction!
    "message, call, survey_response, purchase, note, or another type a plugin understands."
    type: String!
    "The subject line, if any."
    subject: String
    "The text, if any."
    text: String
    "Defaults to now."
    occurredAt: DateTime
    "The provider's id of it; recording (channel, externalId) again returns the first interaction and changes nothing."
    externalId: String
    "Groups messages into one conversation (an email thread's root Message-ID); without it, the customer's open conversation within the window."
    threadKey: String
    "Details as a JSON object: a survey answer { \\"csat\\": 1..5 } or { \\"nps\\": 0..10 }, a purchase { \\"amount\\": 42.5, \\"currency\\": \\"EUR\\" }."
    metadata: JSON
  }
`;
