/**
 * Bots, agents and the inbox (contract §11; docs/agents-and-inbox.md and docs/bots.md): who answers a
 * conversation, who it is assigned to, and the agents' inbox query.
 */
export const inboxTypeDefs = /* GraphQL */ `
  "Who answers a conversation: a bot, or people."
  enum ConversationHandler {
    BOT
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
    conversations(first: Int, after: String, status: ConversationStatus, assigneeId: ID, channel: String, handler: ConversationHandler): ConversationConnection!
  }

  extend type Mutation {
    "Assigns a conversation to a user with role AGENT or ADMIN; userId null unassigns it."
    assignConversation(id: ID!, userId: ID): Conversation! @requiresScope(scope: "conversations:write")
    "Takes a conversation from its bot at once: the bot stops answering it. A signed-in agent also gets it assigned, if nobody has it."
    takeOverConversation(id: ID!): Conversation! @requiresScope(scope: "conversations:write")
    "Marks a user available (or not) for round-robin assignment: the signed-in user, or userId (an API key must name one)."
    setAvailability(available: Boolean!, userId: ID): User! @requiresScope(scope: "conversations:write")
    "Shows the customer that you are typing, on the channel they wrote on last, where the channel can; false where it cannot."
    setTyping(conversationId: ID!, typing: Boolean!): Boolean! @requiresScope(scope: "messages:send")
  }
`;
