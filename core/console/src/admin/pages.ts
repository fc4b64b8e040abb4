/** The admin workbench: one chunk the console loads when an admin page or the dashboard's KPIs first show. */
export { AccessPage } from './AccessPage.js';
export { AuditPage } from './AuditPage.js';
export { DashboardKpis } from './DashboardKpis.js';
export { PluginsPage } from './PluginsPage.js';
export { SegmentsPage } from './SegmentsPage.js';
export { WorkflowsPage } from './WorkflowsPage.js';
