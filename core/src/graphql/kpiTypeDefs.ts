/**
 * Service KPIs (contract §13; docs/kpis.md): first response and resolution times and the
 * resolution rate, in business time with business hours, SLA breaches with targets, and their
 * breakdown by channel, assignee, day or week.
 */
export const kpiTypeDefs = /* GraphQL */ `
  "Service-level figures over the conversations opened in a period (docs/kpis.md)."
  type ServiceKpis {
    "Conversations opened in the period."
    conversations: Int!
    "Of them, those resolved (by now)."
    resolved: Int!
    "resolved / conversations, from 0 to 1; null when there were none."
    resolutionRate: Float
    "Mean time from the customer's first message to the first reply, in ms; null when none was answered."
    averageFirstResponseTimeMs: Float
    "Mean time from opening to resolution, in ms; null when none was resolved."
    averageResolutionTimeMs: Float
    "The first response time counted in business hours only (businessHours in the config); null without them."
    averageFirstResponseBusinessTimeMs: Float
    "The resolution time counted in business hours only; null without them."
    averageResolutionBusinessTimeMs: Float
    "Conversations that missed an SLA target (sla in the config); null without targets."
    slaBreaches: SlaBreaches
    "The same figures per group when groupBy was given, in key order; empty otherwise."
    groups: [ServiceKpiGroup!]!
  }

  "One group of serviceKpis(groupBy:)."
  type ServiceKpiGroup {
    "The channel, the assignee's user id (or unassigned), the day (YYYY-MM-DD) or the ISO week (YYYY-Www), in the business hours' time zone or else UTC."
    key: String!
    "Conversations of the group opened in the period."
    conversations: Int!
    "Of them, those resolved (by now)."
    resolved: Int!
    "resolved / conversations, from 0 to 1; null when there were none."
    resolutionRate: Float
    "Mean time from the customer's first message to the first reply, in ms; null when none was answered."
    averageFirstResponseTimeMs: Float
    "Mean time from opening to resolution, in ms; null when none was resolved."
    averageResolutionTimeMs: Float
    "The first response time counted in business hours only, in ms; null without business hours."
    averageFirstResponseBusinessTimeMs: Float
    "The resolution time counted in business hours only, in ms; null without business hours."
    averageResolutionBusinessTimeMs: Float
    "The group's conversations that missed an SLA target; null without targets."
    slaBreaches: SlaBreaches
  }

  "How serviceKpis breaks its figures down: by the channel a conversation was opened on, its assignee, or the day or ISO week it was opened."
  enum KpiGrouping {
    "By the channel the conversation was opened on."
    CHANNEL
    "By the assignee's user id; unassigned for none."
    ASSIGNEE
    "By the day it was opened (YYYY-MM-DD)."
    DAY
    "By the ISO week it was opened (YYYY-Www)."
    WEEK
  }

  "Conversations that missed the SLA targets, counted in business time when business hours are configured."
  type SlaBreaches {
    "First responses later than the target, or not given and already past it; null without a target."
    firstResponse: Int
    "Resolutions later than the target, or not reached and already past it; null without a target."
    resolution: Int
    "The first response target, in ms."
    firstResponseTargetMs: Float
    "The resolution target, in ms."
    resolutionTargetMs: Float
  }

  extend type Query {
    "Conversations opened in [from, to), optionally only those opened on a channel, optionally broken down by groupBy."
    serviceKpis(
      "The start of the period (inclusive)."
      from: DateTime!
      "The end of the period (exclusive)."
      to: DateTime!
      "Only conversations opened on this channel id."
      channel: String
      "Also give the figures per group (ServiceKpis.groups)."
      groupBy: KpiGrouping
    ): ServiceKpis!
  }
`;
