/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment KpiFigures on ServiceKpiGroup {\n    key\n    conversations\n    resolved\n    resolutionRate\n    averageFirstResponseTimeMs\n    averageFirstResponseBusinessTimeMs\n    averageResolutionTimeMs\n    averageResolutionBusinessTimeMs\n  }\n": typeof types.KpiFiguresFragmentDoc,
    "\n  query ConsoleServiceKpis($from: DateTime!, $to: DateTime!, $interval: KpiGrouping!) {\n    overTime: serviceKpis(from: $from, to: $to, groupBy: $interval) {\n      conversations\n      resolved\n      resolutionRate\n      averageFirstResponseTimeMs\n      averageFirstResponseBusinessTimeMs\n      averageResolutionTimeMs\n      averageResolutionBusinessTimeMs\n      groups { ...KpiFigures }\n    }\n    byChannel: serviceKpis(from: $from, to: $to, groupBy: CHANNEL) { groups { ...KpiFigures } }\n    byAssignee: serviceKpis(from: $from, to: $to, groupBy: ASSIGNEE) { groups { ...KpiFigures } }\n  }\n": typeof types.ConsoleServiceKpisDocument,
    "\n  query AdminUsers {\n    users { id email displayName role available createdAt disabledAt }\n  }\n": typeof types.AdminUsersDocument,
    "\n  query ConsoleSegmentPreview($rules: JSON!, $first: Int!) {\n    segmentPreview(rules: $rules) { count }\n    customers(where: $rules, first: $first) {\n      totalCount\n      edges { node { id displayName emails } }\n    }\n  }\n": typeof types.ConsoleSegmentPreviewDocument,
    "\n  query ConsoleSegmentDefinitions {\n    segmentDefinitions { id name rules memberCount refreshedAt updatedAt }\n  }\n": typeof types.ConsoleSegmentDefinitionsDocument,
    "\n  mutation ConsoleDefineSegment($input: DefineSegmentInput!) {\n    defineSegment(input: $input) { id name memberCount }\n  }\n": typeof types.ConsoleDefineSegmentDocument,
    "\n  mutation ConsoleDeleteSegment($id: ID!) {\n    deleteSegment(id: $id)\n  }\n": typeof types.ConsoleDeleteSegmentDocument,
    "\n  query ConsolePlugins {\n    plugins {\n      name\n      displayName\n      version\n      state\n      error\n      permissions\n      activationEvents\n      settingsSchema\n      metrics { activatedAt activationTimeMs handlerCalls failures lastError lastErrorAt }\n    }\n  }\n": typeof types.ConsolePluginsDocument,
    "\n  mutation ConsoleSetPluginEnabled($name: ID!, $enabled: Boolean!) {\n    setPluginEnabled(name: $name, enabled: $enabled) { name state error }\n  }\n": typeof types.ConsoleSetPluginEnabledDocument,
    "\n  fragment RunRow on WorkflowRun {\n    id\n    workflow\n    plugin\n    status\n    startedAt\n    finishedAt\n    error\n    customer { id displayName emails }\n    steps { name status attempts startedAt finishedAt error }\n  }\n": typeof types.RunRowFragmentDoc,
    "\n  query ConsoleWorkflowRuns($status: WorkflowRunStatus, $first: Int!, $after: String) {\n    workflowRuns(status: $status, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RunRow } }\n    }\n  }\n": typeof types.ConsoleWorkflowRunsDocument,
    "\n  mutation ConsoleCancelWorkflowRun($id: ID!) {\n    cancelWorkflowRun(id: $id) { ...RunRow }\n  }\n": typeof types.ConsoleCancelWorkflowRunDocument,
    "\n  mutation ConsoleRetryWorkflowRun($id: ID!) {\n    retryWorkflowRun(id: $id) { ...RunRow }\n  }\n": typeof types.ConsoleRetryWorkflowRunDocument,
    "\n  query ConsoleAuditEvents($first: Int!, $after: String, $action: String, $actorId: ID, $targetId: ID, $from: DateTime, $to: DateTime) {\n    auditEvents(first: $first, after: $after, action: $action, actorId: $actorId, targetId: $targetId, from: $from, to: $to) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id at action targetType targetId requestId changes actor { id kind name } } }\n    }\n  }\n": typeof types.ConsoleAuditEventsDocument,
    "\n  query ConsoleApiKeys {\n    apiKeys { name prefix role scopes createdAt lastUsedAt revokedAt }\n  }\n": typeof types.ConsoleApiKeysDocument,
    "\n  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { token apiKey { name } }\n  }\n": typeof types.ConsoleCreateApiKeyDocument,
    "\n  mutation ConsoleRevokeApiKey($name: ID!) {\n    revokeApiKey(name: $name)\n  }\n": typeof types.ConsoleRevokeApiKeyDocument,
    "\n  mutation ConsoleCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id email }\n  }\n": typeof types.ConsoleCreateUserDocument,
    "\n  mutation ConsoleDeactivateUser($id: ID!) {\n    deactivateUser(id: $id) { id email disabledAt }\n  }\n": typeof types.ConsoleDeactivateUserDocument,
    "\n  mutation ConsoleReactivateUser($id: ID!) {\n    reactivateUser(id: $id) { id email disabledAt }\n  }\n": typeof types.ConsoleReactivateUserDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      user { id email displayName role }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query Channels {\n    channels { id displayName state }\n  }\n": typeof types.ChannelsDocument,
    "\n  query Users {\n    users { id email displayName role }\n  }\n": typeof types.UsersDocument,
    "\n  query InboxConversations($first: Int!, $after: String, $channel: String, $assigneeId: ID, $handler: ConversationHandler) {\n    conversations(first: $first, after: $after, status: OPEN, channel: $channel, assigneeId: $assigneeId, handler: $handler) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...InboxRow } }\n    }\n  }\n": typeof types.InboxConversationsDocument,
    "\n  fragment InboxRow on Conversation {\n    id\n    status\n    handler\n    bot\n    channels\n    openedChannel\n    openedAt\n    lastActivityAt\n    waitingSince\n    assignee { id email displayName }\n    customer { id displayName emails }\n    replyWindows { channel open closesAt }\n  }\n": typeof types.InboxRowFragmentDoc,
    "\n  subscription ConversationChanged {\n    conversationChanged { eventId kind status reason at conversation { ...InboxRow } }\n  }\n": typeof types.ConversationChangedDocument,
    "\n  query ConversationThread($id: ID!) {\n    conversation(id: $id) {\n      ...InboxRow\n      resolvedAt\n      firstResponseAt\n      customer { id displayName emails phones handles { channel handle } }\n      interactions(first: 100) {\n        totalCount\n        edges { node { ...ThreadItem } }\n      }\n    }\n  }\n": typeof types.ConversationThreadDocument,
    "\n  fragment ThreadItem on Interaction {\n    id\n    channel\n    direction\n    type\n    subject\n    text\n    occurredAt\n    conversation { id }\n    delivery { status updatedAt error }\n  }\n": typeof types.ThreadItemFragmentDoc,
    "\n  subscription InteractionRecorded($customerId: ID) {\n    interactionRecorded(customerId: $customerId) { ...ThreadItem }\n  }\n": typeof types.InteractionRecordedDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) { ...ThreadItem }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation ResolveConversation($id: ID!) {\n    resolveConversation(id: $id) { ...InboxRow }\n  }\n": typeof types.ResolveConversationDocument,
    "\n  mutation AssignConversation($id: ID!, $userId: ID) {\n    assignConversation(id: $id, userId: $userId) { ...InboxRow }\n  }\n": typeof types.AssignConversationDocument,
    "\n  mutation TakeOverConversation($id: ID!) {\n    takeOverConversation(id: $id) { ...InboxRow }\n  }\n": typeof types.TakeOverConversationDocument,
    "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean!) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n": typeof types.SetTypingDocument,
    "\n  query SearchCustomers($query: String, $first: Int!) {\n    customers(first: $first, query: $query) {\n      totalCount\n      edges { node { id displayName emails phones updatedAt } }\n    }\n  }\n": typeof types.SearchCustomersDocument,
    "\n  fragment CustomerDetail on Customer {\n    id\n    displayName\n    emails\n    phones\n    handles { channel handle }\n    attributes\n    createdAt\n    updatedAt\n    scores { rule value label explanation computedAt }\n    segments { model segment since }\n    conversations(first: 50) {\n      totalCount\n      edges { node { id status channels openedAt resolvedAt handler assignee { email displayName } } }\n    }\n    workflowRuns(first: 50) {\n      totalCount\n      edges { node { id workflow plugin status startedAt finishedAt error } }\n    }\n    interactions(first: 100, newestFirst: true) {\n      totalCount\n      edges { node { ...ThreadItem } }\n    }\n  }\n": typeof types.CustomerDetailFragmentDoc,
    "\n  query CustomerPage($id: ID!) {\n    customer(id: $id) { ...CustomerDetail }\n  }\n": typeof types.CustomerPageDocument,
    "\n  mutation MergeCustomers($input: MergeCustomersInput!) {\n    mergeCustomers(input: $input) { id }\n  }\n": typeof types.MergeCustomersDocument,
};
const documents: Documents = {
    "\n  fragment KpiFigures on ServiceKpiGroup {\n    key\n    conversations\n    resolved\n    resolutionRate\n    averageFirstResponseTimeMs\n    averageFirstResponseBusinessTimeMs\n    averageResolutionTimeMs\n    averageResolutionBusinessTimeMs\n  }\n": types.KpiFiguresFragmentDoc,
    "\n  query ConsoleServiceKpis($from: DateTime!, $to: DateTime!, $interval: KpiGrouping!) {\n    overTime: serviceKpis(from: $from, to: $to, groupBy: $interval) {\n      conversations\n      resolved\n      resolutionRate\n      averageFirstResponseTimeMs\n      averageFirstResponseBusinessTimeMs\n      averageResolutionTimeMs\n      averageResolutionBusinessTimeMs\n      groups { ...KpiFigures }\n    }\n    byChannel: serviceKpis(from: $from, to: $to, groupBy: CHANNEL) { groups { ...KpiFigures } }\n    byAssignee: serviceKpis(from: $from, to: $to, groupBy: ASSIGNEE) { groups { ...KpiFigures } }\n  }\n": types.ConsoleServiceKpisDocument,
    "\n  query AdminUsers {\n    users { id email displayName role available createdAt disabledAt }\n  }\n": types.AdminUsersDocument,
    "\n  query ConsoleSegmentPreview($rules: JSON!, $first: Int!) {\n    segmentPreview(rules: $rules) { count }\n    customers(where: $rules, first: $first) {\n      totalCount\n      edges { node { id displayName emails } }\n    }\n  }\n": types.ConsoleSegmentPreviewDocument,
    "\n  query ConsoleSegmentDefinitions {\n    segmentDefinitions { id name rules memberCount refreshedAt updatedAt }\n  }\n": types.ConsoleSegmentDefinitionsDocument,
    "\n  mutation ConsoleDefineSegment($input: DefineSegmentInput!) {\n    defineSegment(input: $input) { id name memberCount }\n  }\n": types.ConsoleDefineSegmentDocument,
    "\n  mutation ConsoleDeleteSegment($id: ID!) {\n    deleteSegment(id: $id)\n  }\n": types.ConsoleDeleteSegmentDocument,
    "\n  query ConsolePlugins {\n    plugins {\n      name\n      displayName\n      version\n      state\n      error\n      permissions\n      activationEvents\n      settingsSchema\n      metrics { activatedAt activationTimeMs handlerCalls failures lastError lastErrorAt }\n    }\n  }\n": types.ConsolePluginsDocument,
    "\n  mutation ConsoleSetPluginEnabled($name: ID!, $enabled: Boolean!) {\n    setPluginEnabled(name: $name, enabled: $enabled) { name state error }\n  }\n": types.ConsoleSetPluginEnabledDocument,
    "\n  fragment RunRow on WorkflowRun {\n    id\n    workflow\n    plugin\n    status\n    startedAt\n    finishedAt\n    error\n    customer { id displayName emails }\n    steps { name status attempts startedAt finishedAt error }\n  }\n": types.RunRowFragmentDoc,
    "\n  query ConsoleWorkflowRuns($status: WorkflowRunStatus, $first: Int!, $after: String) {\n    workflowRuns(status: $status, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RunRow } }\n    }\n  }\n": types.ConsoleWorkflowRunsDocument,
    "\n  mutation ConsoleCancelWorkflowRun($id: ID!) {\n    cancelWorkflowRun(id: $id) { ...RunRow }\n  }\n": types.ConsoleCancelWorkflowRunDocument,
    "\n  mutation ConsoleRetryWorkflowRun($id: ID!) {\n    retryWorkflowRun(id: $id) { ...RunRow }\n  }\n": types.ConsoleRetryWorkflowRunDocument,
    "\n  query ConsoleAuditEvents($first: Int!, $after: String, $action: String, $actorId: ID, $targetId: ID, $from: DateTime, $to: DateTime) {\n    auditEvents(first: $first, after: $after, action: $action, actorId: $actorId, targetId: $targetId, from: $from, to: $to) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id at action targetType targetId requestId changes actor { id kind name } } }\n    }\n  }\n": types.ConsoleAuditEventsDocument,
    "\n  query ConsoleApiKeys {\n    apiKeys { name prefix role scopes createdAt lastUsedAt revokedAt }\n  }\n": types.ConsoleApiKeysDocument,
    "\n  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { token apiKey { name } }\n  }\n": types.ConsoleCreateApiKeyDocument,
    "\n  mutation ConsoleRevokeApiKey($name: ID!) {\n    revokeApiKey(name: $name)\n  }\n": types.ConsoleRevokeApiKeyDocument,
    "\n  mutation ConsoleCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id email }\n  }\n": types.ConsoleCreateUserDocument,
    "\n  mutation ConsoleDeactivateUser($id: ID!) {\n    deactivateUser(id: $id) { id email disabledAt }\n  }\n": types.ConsoleDeactivateUserDocument,
    "\n  mutation ConsoleReactivateUser($id: ID!) {\n    reactivateUser(id: $id) { id email disabledAt }\n  }\n": types.ConsoleReactivateUserDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      user { id email displayName role }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query Channels {\n    channels { id displayName state }\n  }\n": types.ChannelsDocument,
    "\n  query Users {\n    users { id email displayName role }\n  }\n": types.UsersDocument,
    "\n  query InboxConversations($first: Int!, $after: String, $channel: String, $assigneeId: ID, $handler: ConversationHandler) {\n    conversations(first: $first, after: $after, status: OPEN, channel: $channel, assigneeId: $assigneeId, handler: $handler) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...InboxRow } }\n    }\n  }\n": types.InboxConversationsDocument,
    "\n  fragment InboxRow on Conversation {\n    id\n    status\n    handler\n    bot\n    channels\n    openedChannel\n    openedAt\n    lastActivityAt\n    waitingSince\n    assignee { id email displayName }\n    customer { id displayName emails }\n    replyWindows { channel open closesAt }\n  }\n": types.InboxRowFragmentDoc,
    "\n  subscription ConversationChanged {\n    conversationChanged { eventId kind status reason at conversation { ...InboxRow } }\n  }\n": types.ConversationChangedDocument,
    "\n  query ConversationThread($id: ID!) {\n    conversation(id: $id) {\n      ...InboxRow\n      resolvedAt\n      firstResponseAt\n      customer { id displayName emails phones handles { channel handle } }\n      interactions(first: 100) {\n        totalCount\n        edges { node { ...ThreadItem } }\n      }\n    }\n  }\n": types.ConversationThreadDocument,
    "\n  fragment ThreadItem on Interaction {\n    id\n    channel\n    direction\n    type\n    subject\n    text\n    occurredAt\n    conversation { id }\n    delivery { status updatedAt error }\n  }\n": types.ThreadItemFragmentDoc,
    "\n  subscription InteractionRecorded($customerId: ID) {\n    interactionRecorded(customerId: $customerId) { ...ThreadItem }\n  }\n": types.InteractionRecordedDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) { ...ThreadItem }\n  }\n": types.SendMessageDocument,
    "\n  mutation ResolveConversation($id: ID!) {\n    resolveConversation(id: $id) { ...InboxRow }\n  }\n": types.ResolveConversationDocument,
    "\n  mutation AssignConversation($id: ID!, $userId: ID) {\n    assignConversation(id: $id, userId: $userId) { ...InboxRow }\n  }\n": types.AssignConversationDocument,
    "\n  mutation TakeOverConversation($id: ID!) {\n    takeOverConversation(id: $id) { ...InboxRow }\n  }\n": types.TakeOverConversationDocument,
    "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean!) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n": types.SetTypingDocument,
    "\n  query SearchCustomers($query: String, $first: Int!) {\n    customers(first: $first, query: $query) {\n      totalCount\n      edges { node { id displayName emails phones updatedAt } }\n    }\n  }\n": types.SearchCustomersDocument,
    "\n  fragment CustomerDetail on Customer {\n    id\n    displayName\n    emails\n    phones\n    handles { channel handle }\n    attributes\n    createdAt\n    updatedAt\n    scores { rule value label explanation computedAt }\n    segments { model segment since }\n    conversations(first: 50) {\n      totalCount\n      edges { node { id status channels openedAt resolvedAt handler assignee { email displayName } } }\n    }\n    workflowRuns(first: 50) {\n      totalCount\n      edges { node { id workflow plugin status startedAt finishedAt error } }\n    }\n    interactions(first: 100, newestFirst: true) {\n      totalCount\n      edges { node { ...ThreadItem } }\n    }\n  }\n": types.CustomerDetailFragmentDoc,
    "\n  query CustomerPage($id: ID!) {\n    customer(id: $id) { ...CustomerDetail }\n  }\n": types.CustomerPageDocument,
    "\n  mutation MergeCustomers($input: MergeCustomersInput!) {\n    mergeCustomers(input: $input) { id }\n  }\n": types.MergeCustomersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment KpiFigures on ServiceKpiGroup {\n    key\n    conversations\n    resolved\n    resolutionRate\n    averageFirstResponseTimeMs\n    averageFirstResponseBusinessTimeMs\n    averageResolutionTimeMs\n    averageResolutionBusinessTimeMs\n  }\n"): typeof import('./graphql.js').KpiFiguresFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleServiceKpis($from: DateTime!, $to: DateTime!, $interval: KpiGrouping!) {\n    overTime: serviceKpis(from: $from, to: $to, groupBy: $interval) {\n      conversations\n      resolved\n      resolutionRate\n      averageFirstResponseTimeMs\n      averageFirstResponseBusinessTimeMs\n      averageResolutionTimeMs\n      averageResolutionBusinessTimeMs\n      groups { ...KpiFigures }\n    }\n    byChannel: serviceKpis(from: $from, to: $to, groupBy: CHANNEL) { groups { ...KpiFigures } }\n    byAssignee: serviceKpis(from: $from, to: $to, groupBy: ASSIGNEE) { groups { ...KpiFigures } }\n  }\n"): typeof import('./graphql.js').ConsoleServiceKpisDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers {\n    users { id email displayName role available createdAt disabledAt }\n  }\n"): typeof import('./graphql.js').AdminUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSegmentPreview($rules: JSON!, $first: Int!) {\n    segmentPreview(rules: $rules) { count }\n    customers(where: $rules, first: $first) {\n      totalCount\n      edges { node { id displayName emails } }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleSegmentPreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSegmentDefinitions {\n    segmentDefinitions { id name rules memberCount refreshedAt updatedAt }\n  }\n"): typeof import('./graphql.js').ConsoleSegmentDefinitionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDefineSegment($input: DefineSegmentInput!) {\n    defineSegment(input: $input) { id name memberCount }\n  }\n"): typeof import('./graphql.js').ConsoleDefineSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteSegment($id: ID!) {\n    deleteSegment(id: $id)\n  }\n"): typeof import('./graphql.js').ConsoleDeleteSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsolePlugins {\n    plugins {\n      name\n      displayName\n      version\n      state\n      error\n      permissions\n      activationEvents\n      settingsSchema\n      metrics { activatedAt activationTimeMs handlerCalls failures lastError lastErrorAt }\n    }\n  }\n"): typeof import('./graphql.js').ConsolePluginsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSetPluginEnabled($name: ID!, $enabled: Boolean!) {\n    setPluginEnabled(name: $name, enabled: $enabled) { name state error }\n  }\n"): typeof import('./graphql.js').ConsoleSetPluginEnabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunRow on WorkflowRun {\n    id\n    workflow\n    plugin\n    status\n    startedAt\n    finishedAt\n    error\n    customer { id displayName emails }\n    steps { name status attempts startedAt finishedAt error }\n  }\n"): typeof import('./graphql.js').RunRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWorkflowRuns($status: WorkflowRunStatus, $first: Int!, $after: String) {\n    workflowRuns(status: $status, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RunRow } }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleWorkflowRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCancelWorkflowRun($id: ID!) {\n    cancelWorkflowRun(id: $id) { ...RunRow }\n  }\n"): typeof import('./graphql.js').ConsoleCancelWorkflowRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRetryWorkflowRun($id: ID!) {\n    retryWorkflowRun(id: $id) { ...RunRow }\n  }\n"): typeof import('./graphql.js').ConsoleRetryWorkflowRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditEvents($first: Int!, $after: String, $action: String, $actorId: ID, $targetId: ID, $from: DateTime, $to: DateTime) {\n    auditEvents(first: $first, after: $after, action: $action, actorId: $actorId, targetId: $targetId, from: $from, to: $to) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id at action targetType targetId requestId changes actor { id kind name } } }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleAuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleApiKeys {\n    apiKeys { name prefix role scopes createdAt lastUsedAt revokedAt }\n  }\n"): typeof import('./graphql.js').ConsoleApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { token apiKey { name } }\n  }\n"): typeof import('./graphql.js').ConsoleCreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRevokeApiKey($name: ID!) {\n    revokeApiKey(name: $name)\n  }\n"): typeof import('./graphql.js').ConsoleRevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id email }\n  }\n"): typeof import('./graphql.js').ConsoleCreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeactivateUser($id: ID!) {\n    deactivateUser(id: $id) { id email disabledAt }\n  }\n"): typeof import('./graphql.js').ConsoleDeactivateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReactivateUser($id: ID!) {\n    reactivateUser(id: $id) { id email disabledAt }\n  }\n"): typeof import('./graphql.js').ConsoleReactivateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      user { id email displayName role }\n    }\n  }\n"): typeof import('./graphql.js').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): typeof import('./graphql.js').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Channels {\n    channels { id displayName state }\n  }\n"): typeof import('./graphql.js').ChannelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users { id email displayName role }\n  }\n"): typeof import('./graphql.js').UsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxConversations($first: Int!, $after: String, $channel: String, $assigneeId: ID, $handler: ConversationHandler) {\n    conversations(first: $first, after: $after, status: OPEN, channel: $channel, assigneeId: $assigneeId, handler: $handler) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...InboxRow } }\n    }\n  }\n"): typeof import('./graphql.js').InboxConversationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InboxRow on Conversation {\n    id\n    status\n    handler\n    bot\n    channels\n    openedChannel\n    openedAt\n    lastActivityAt\n    waitingSince\n    assignee { id email displayName }\n    customer { id displayName emails }\n    replyWindows { channel open closesAt }\n  }\n"): typeof import('./graphql.js').InboxRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConversationChanged {\n    conversationChanged { eventId kind status reason at conversation { ...InboxRow } }\n  }\n"): typeof import('./graphql.js').ConversationChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationThread($id: ID!) {\n    conversation(id: $id) {\n      ...InboxRow\n      resolvedAt\n      firstResponseAt\n      customer { id displayName emails phones handles { channel handle } }\n      interactions(first: 100) {\n        totalCount\n        edges { node { ...ThreadItem } }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConversationThreadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ThreadItem on Interaction {\n    id\n    channel\n    direction\n    type\n    subject\n    text\n    occurredAt\n    conversation { id }\n    delivery { status updatedAt error }\n  }\n"): typeof import('./graphql.js').ThreadItemFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InteractionRecorded($customerId: ID) {\n    interactionRecorded(customerId: $customerId) { ...ThreadItem }\n  }\n"): typeof import('./graphql.js').InteractionRecordedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) { ...ThreadItem }\n  }\n"): typeof import('./graphql.js').SendMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveConversation($id: ID!) {\n    resolveConversation(id: $id) { ...InboxRow }\n  }\n"): typeof import('./graphql.js').ResolveConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignConversation($id: ID!, $userId: ID) {\n    assignConversation(id: $id, userId: $userId) { ...InboxRow }\n  }\n"): typeof import('./graphql.js').AssignConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TakeOverConversation($id: ID!) {\n    takeOverConversation(id: $id) { ...InboxRow }\n  }\n"): typeof import('./graphql.js').TakeOverConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean!) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n"): typeof import('./graphql.js').SetTypingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchCustomers($query: String, $first: Int!) {\n    customers(first: $first, query: $query) {\n      totalCount\n      edges { node { id displayName emails phones updatedAt } }\n    }\n  }\n"): typeof import('./graphql.js').SearchCustomersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerDetail on Customer {\n    id\n    displayName\n    emails\n    phones\n    handles { channel handle }\n    attributes\n    createdAt\n    updatedAt\n    scores { rule value label explanation computedAt }\n    segments { model segment since }\n    conversations(first: 50) {\n      totalCount\n      edges { node { id status channels openedAt resolvedAt handler assignee { email displayName } } }\n    }\n    workflowRuns(first: 50) {\n      totalCount\n      edges { node { id workflow plugin status startedAt finishedAt error } }\n    }\n    interactions(first: 100, newestFirst: true) {\n      totalCount\n      edges { node { ...ThreadItem } }\n    }\n  }\n"): typeof import('./graphql.js').CustomerDetailFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerPage($id: ID!) {\n    customer(id: $id) { ...CustomerDetail }\n  }\n"): typeof import('./graphql.js').CustomerPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MergeCustomers($input: MergeCustomersInput!) {\n    mergeCustomers(input: $input) { id }\n  }\n"): typeof import('./graphql.js').MergeCustomersDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
