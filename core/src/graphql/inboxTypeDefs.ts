/**
 * Bots, agents and the inbox (contract §11; docs/agents-and-inbox.md and docs/bots.md): who answers a
 * conversation, who it is assigned to, and the agents' inbox query.
 */
export const inboxTypeDefs = /* GraphQL */ `
  "Who answers a conversation: a bot, or people."
  enum ConversationHandler {
    "The bot configured for the conversation's channel answers (bots in the config)."
    BOT
    "People answer: agents in the inbox."
    HUMAN
  }

  extend type Conversation {
    "BOT while the bot of the channel it was opened on answers; HUMAN without one, and after a hand-off."
    handler: ConversationHandler!
    "The bot put on the conversation's channel (the config's bots), while or before it answered."
    bot: String
    "The agent it is assigned to."
    assignee: User
    "The customer's oldest message nobody has answered yet; null when nobody is waiting."
    waitingSince: DateTime
  }

  extend type User {
    "Whether round-robin assignment may give the user conversations (setAvailability)."
    available: Boolean!
  }

  extend type Query {
    """
    The agents' inbox: conversations whose customer waits for an answer first, longest waiting
    first; then the others, least recently active first. Each filter narrows it: status,
    assigneeId (a user's id), channel (any of the conversation's channels) and handler.
    """
    conversations(
      "Page forward: at most this many conversations (0 to 100, default 20)."
      first: Int
      "Page forward: the conversations after this cursor (an endCursor of this list, with the same filters)."
      after: String
      "Page backward: at most this many conversations (0 to 100, default 20), the last ones or those just before before."
      last: Int
      "Page backward: the conversations before this cursor (a startCursor of this list, with the same filters)."
      before: String
      "Only OPEN or only RESOLVED conversations."
      status: ConversationStatus
      "Only the conversations assigned to this user (User.id)."
      assigneeId: ID
      "Only conversations that used this channel id."
      channel: String
      "Only the conversations a bot answers (BOT), or people (HUMAN)."
      handler: ConversationHandler
    ): ConversationConnection!
  }

  extend type Mutation {
    "Assigns a conversation to a user with role AGENT or ADMIN; userId null unassigns it."
    assignConversation("The conversation's global id." id: ID!, "The user's id; null or omitted unassigns." userId: ID): Conversation! @requiresScope(scope: "conversations:write")
    "Takes a conversation from its bot at once: the bot stops answering it. A signed-in agent also gets it assigned, if nobody has it."
    takeOverConversation("The conversation's global id." id: ID!): Conversation! @requiresScope(scope: "conversations:write")
    "Marks a user available (or not) for round-robin assignment: the signed-in user, or userId (an API key must name one)."
    setAvailability("true: may get conversations; false: gets none." available: Boolean!, "The user's id; omit it for the signed-in user." userId: ID): User! @requiresScope(scope: "conversations:write")
    "Shows the customer that you are typing, on the channel they wrote on last, where the channel can; false where it cannot."
    setTyping("The conversation's global id." conversationId: ID!, "true while typing, false when stopped." typing: Boolean!): Boolean! @requiresScope(scope: "messages:send")
  }
`;
