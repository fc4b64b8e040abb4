/**
 * The admin pages' operations; graphql-codegen types them as it does ../operations.ts. The
 * CSAT, NPS and distribution figures are batched aliased queries built at run time (kpis.ts).
 */
import { graphql } from '../gql/index.js';

export const KpiFields = graphql(`
  fragment KpiFigures on ServiceKpiGroup {
    key
    conversations
    resolved
    resolutionRate
    averageFirstResponseTimeMs
    averageFirstResponseBusinessTimeMs
    averageResolutionTimeMs
    averageResolutionBusinessTimeMs
  }
`);

export const ServiceKpisQuery = graphql(`
  query ConsoleServiceKpis($from: DateTime!, $to: DateTime!, $interval: KpiGrouping!) {
    overTime: serviceKpis(from: $from, to: $to, groupBy: $interval) {
      conversations
      resolved
      resolutionRate
      averageFirstResponseTimeMs
      averageFirstResponseBusinessTimeMs
      averageResolutionTimeMs
      averageResolutionBusinessTimeMs
      groups { ...KpiFigures }
    }
    byChannel: serviceKpis(from: $from, to: $to, groupBy: CHANNEL) { groups { ...KpiFigures } }
    byAssignee: serviceKpis(from: $from, to: $to, groupBy: ASSIGNEE) { groups { ...KpiFigures } }
  }
`);

export const AdminUsers = graphql(`
  query AdminUsers {
    users { id email displayName role available createdAt disabledAt }
  }
`);

export const SegmentPreviewQuery = graphql(`
  query ConsoleSegmentPreview($rules: JSON!, $first: Int!) {
    segmentPreview(rules: $rules) { count }
    customers(where: $rules, first: $first) {
      totalCount
      edges { node { id displayName emails } }
    }
  }
`);

export const SegmentDefinitionsQuery = graphql(`
  query ConsoleSegmentDefinitions {
    segmentDefinitions { id name rules memberCount refreshedAt updatedAt }
  }
`);

export const DefineSegmentMutation = graphql(`
  mutation ConsoleDefineSegment($input: DefineSegmentInput!) {
    defineSegment(input: $input) { id name memberCount }
  }
`);

export const DeleteSegmentMutation = graphql(`
  mutation ConsoleDeleteSegment($id: ID!) {
    deleteSegment(id: $id)
  }
`);

export const PluginsQuery = graphql(`
  query ConsolePlugins {
    plugins {
      name
      displayName
      version
      state
      error
      permissions
      activationEvents
      settingsSchema
      metrics { activatedAt activationTimeMs handlerCalls failures lastError lastErrorAt }
    }
  }
`);

export const SetPluginEnabledMutation = graphql(`
  mutation ConsoleSetPluginEnabled($name: ID!, $enabled: Boolean!) {
    setPluginEnabled(name: $name, enabled: $enabled) { name state error }
  }
`);

export const RunFields = graphql(`
  fragment RunRow on WorkflowRun {
    id
    workflow
    plugin
    status
    startedAt
    finishedAt
    error
    customer { id displayName emails }
    steps { name status attempts startedAt finishedAt error }
  }
`);

export const WorkflowRunsQuery = graphql(`
  query ConsoleWorkflowRuns($status: WorkflowRunStatus, $first: Int!, $after: String) {
    workflowRuns(status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...RunRow } }
    }
  }
`);

export const CancelRunMutation = graphql(`
  mutation ConsoleCancelWorkflowRun($id: ID!) {
    cancelWorkflowRun(id: $id) { ...RunRow }
  }
`);

export const RetryRunMutation = graphql(`
  mutation ConsoleRetryWorkflowRun($id: ID!) {
    retryWorkflowRun(id: $id) { ...RunRow }
  }
`);

export const AuditEventsQuery = graphql(`
  query ConsoleAuditEvents($first: Int!, $after: String, $action: String, $actorId: ID, $targetId: ID, $from: DateTime, $to: DateTime) {
    auditEvents(first: $first, after: $after, action: $action, actorId: $actorId, targetId: $targetId, from: $from, to: $to) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id at action targetType targetId requestId changes actor { id kind name } } }
    }
  }
`);

export const ApiKeysQuery = graphql(`
  query ConsoleApiKeys {
    apiKeys { name prefix role scopes createdAt lastUsedAt revokedAt }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { token apiKey { name } }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation ConsoleRevokeApiKey($name: ID!) {
    revokeApiKey(name: $name)
  }
`);

export const CreateUserMutation = graphql(`
  mutation ConsoleCreateUser($input: CreateUserInput!) {
    createUser(input: $input) { id email }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation ConsoleDeactivateUser($id: ID!) {
    deactivateUser(id: $id) { id email disabledAt }
  }
`);

export const ReactivateUserMutation = graphql(`
  mutation ConsoleReactivateUser($id: ID!) {
    reactivateUser(id: $id) { id email disabledAt }
  }
`);
