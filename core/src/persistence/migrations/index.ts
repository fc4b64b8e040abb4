import type { SqlMigration } from '../SqlMigration.js';
import { coreSchema } from './0001_core_schema.js';
import { customerListOrder } from './0002_customer_list_order.js';
import { eventOutbox } from './0003_event_outbox.js';
import { workflows } from './0004_workflows.js';
import { evaluationSweeps } from './0005_evaluation_sweeps.js';
import { auditLog } from './0006_audit_log.js';
import { access } from './0007_access.js';
import { credentialChanges } from './0008_credential_changes.js';
import { growthIndexes } from './0009_growth_indexes.js';
import { deliveries } from './0010_deliveries.js';
import { botsAndInbox } from './0011_bots_and_inbox.js';
import { segmentIndexes } from './0012_segment_indexes.js';
import { segmentDefinitions } from './0013_segment_definitions.js';
import { customerActivity } from './0014_customer_activity.js';
import { ruleModels } from './0015_rule_models.js';
import { businessCalendar } from './0016_business_calendar.js';
import { webhooks } from './0017_webhooks.js';
import { userDeactivation } from './0018_user_deactivation.js';
import { webhookEndpointChanges } from './0019_webhook_endpoint_changes.js';
import { ruleModelRankBounds } from './0020_rule_model_rank_bounds.js';
import { eventSets } from './0021_event_sets.js';
import { inboxOrder } from './0022_inbox_order.js';
import { customerSearch } from './0023_customer_search.js';

/** The core's migrations, in the order they apply. A shipped migration is never edited: add one. */
export const CORE_MIGRATIONS: readonly SqlMigration[] = [coreSchema, customerListOrder, eventOutbox, workflows, evaluationSweeps, auditLog, access, credentialChanges, growthIndexes, deliveries, botsAndInbox, segmentIndexes, segmentDefinitions, customerActivity, ruleModels, businessCalendar, webhooks, userDeactivation, webhookEndpointChanges, ruleModelRankBounds, eventSets, inboxOrder, customerSearch];
