import { toGlobalId, type DeliveredEvent } from '@rapport/sdk';

/**
 * The fields of core events that hold an id of the API's node types, by name: receivers get the
 * same global ids the GraphQL API gives (graphql/globalIds.ts encodes them with the same function).
 */
const ID_FIELDS: Readonly<Record<string, string>> = {
  customerId: 'Customer',
  mergedCustomerId: 'Customer',
  conversationId: 'Conversation',
  interactionId: 'Interaction',
  runId: 'WorkflowRun',
};

/** The payload of an event as receivers see it: its fields, raw ids replaced by global ids. */
export function webhookData(event: DeliveredEvent): Record<string, unknown> {
  const { eventType: _type, id: _id, occurredAt: _at, ...payload } = event as DeliveredEvent & Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(payload).map(([field, value]) => {
      const type = ID_FIELDS[field];
      return [field, type && typeof value === 'string' ? toGlobalId(type, value) : value];
    }),
  );
}

/** The Standard Webhooks body: `{ type, timestamp, data }`, serialized once and sent as stored. */
export function webhookBody(type: string, occurredAt: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: occurredAt, data });
}
