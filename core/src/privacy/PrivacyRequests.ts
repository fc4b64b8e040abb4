import { inject, injectable } from 'inversify';
import { NotFoundError, RapportError, serviceToken, type Customer, type DataSubject } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { CustomerService } from '../domain/CustomerService.js';
import { Logger } from '../logging/Logger.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { WorkflowEngine } from '../workflows/WorkflowEngine.js';
import type { RunStatus } from '../workflows/WorkflowStore.js';
import { exportCoreData, type CoreCustomerExport, type ExportIds } from './coreCustomerExport.js';
import { eraseCoreData } from './coreCustomerErasure.js';
import { scrubDatabaseFiles } from './databaseFileScrub.js';
import { PluginCustomerData, type PluginExports } from './PluginCustomerData.js';

/** The document `exportCustomer` returns (docs/security/privacy.md lists every part). */
export interface CustomerExport extends CoreCustomerExport {
  /** What the document is, and its version, for whoever reads it later. */
  format: 'rapport.customer-export/1';
  exportedAt: string;
  /** What every plugin keeps about the customer: plugin name → customer data id → its export. */
  plugins: PluginExports;
}

/**
 * What an erasure did, for the caller's log: no personal data, and not the id of the anonymous
 * customer that holds the de-identified rows, which nothing may link to the erased id.
 */
export interface ErasureReport {
  /** Workflow runs of the customer that were running and were cancelled. */
  cancelledRuns: number;
}

/**
 * The data subject's rights over what Rapport keeps (GDPR articles 15, 17 and 20): one document
 * with everything stored about a customer, and the erasure of their personal data, the plugins'
 * included (docs/security/privacy.md). Both are recorded in the audit log, without personal data.
 */
export interface PrivacyRequests {
  /** Everything stored about the customer (a raw id), as JSON. NOT_FOUND for an unknown or erased id. */
  exportCustomer(customerId: string, idOf?: ExportIds): Promise<CustomerExport>;
  /**
   * Erases the customer's personal data everywhere; afterwards the id is NOT_FOUND. Fails without
   * erasing the core's data when a plugin cannot erase its own, naming the plugin.
   */
  eraseCustomer(customerId: string): Promise<ErasureReport>;
}

/** The container token of {@link PrivacyRequests}. */
export const PrivacyRequests = serviceToken<PrivacyRequests>('rapport.core.PrivacyRequests');

/** Raw ids stay raw when the caller does not say how the API names them. */
const RAW_IDS: ExportIds = (_type, rawId) => rawId;

const UNFINISHED: readonly RunStatus[] = ['RUNNING', 'SLEEPING', 'WAITING'];

/**
 * {@link PrivacyRequests} over the core's tables and the plugins' customer data handlers.
 *
 * An erasure goes in this order, so that a failure leaves something a retry completes:
 * 1. every plugin erases its data (a plugin that fails stops the erasure, naming it, before the
 *    core's data is touched; erasers are idempotent, so the retry calls them all again);
 * 2. the customer's unfinished workflow runs are cancelled, so none acts on them afterwards;
 * 3. the audit log's earlier events about the customer lose their changes (again after step 4,
 *    for what was written meanwhile);
 * 4. the core's data is erased in one transaction, with the `customer.erase` audit event;
 * 5. the database files are cleaned of the old row versions.
 */
@injectable()
export class DatabasePrivacyRequests implements PrivacyRequests {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(CustomerService) private readonly customers: CustomerService,
    @inject(WorkflowEngine) private readonly workflows: WorkflowEngine,
    @inject(PluginCustomerData) private readonly plugins: PluginCustomerData,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  async exportCustomer(customerId: string, idOf: ExportIds = RAW_IDS): Promise<CustomerExport> {
    const { customer, subject } = await this.subjectOf(customerId);
    const sql = SqlSession.autocommit(this.database);
    const core = await exportCoreData(sql, { customer, mergedIds: subject.mergedIds, stepsOf: (ids) => this.workflows.stepsOf(ids) }, idOf);
    const plugins = await this.plugins.exportAll(subject);
    await SqlSession.transaction(this.database, (tx) =>
      this.audit.appendIn(tx, [{ action: 'customer.export', targetType: 'Customer', targetId: customerId, customerId }]),
    );
    return { format: 'rapport.customer-export/1', exportedAt: this.clock.now().toISOString(), ...core, plugins };
  }

  async eraseCustomer(customerId: string): Promise<ErasureReport> {
    const { subject } = await this.subjectOf(customerId);
    await this.plugins.eraseAll(subject);
    const cancelledRuns = await this.cancelRunsOf(customerId);
    for (const id of [customerId, ...subject.mergedIds]) await this.audit.redactCustomer(id);
    const erasure = await SqlSession.transaction(this.database, async (sql) => {
      const erased = await eraseCoreData(sql, customerId, this.clock.now());
      await this.audit.appendIn(sql, [{ action: 'customer.erase', targetType: 'Customer', targetId: customerId, customerId }]);
      return erased;
    });
    // Events written since the first pass (the cancellations, a write racing the erasure).
    for (const id of [customerId, ...erasure.mergedIds]) await this.audit.redactCustomer(id);
    await scrubDatabaseFiles(this.database, [...erasure.tables, 'audit_events'], this.logger);
    this.logger.info({ component: 'privacy', cancelledRuns }, 'a customer was erased');
    return { cancelledRuns };
  }

  /** The customer and what plugins are told about them; NOT_FOUND when there is none. */
  private async subjectOf(customerId: string): Promise<{ customer: Customer; subject: DataSubject }> {
    const customer = await this.customers.get(customerId);
    if (!customer) throw new NotFoundError(`No customer with id "${customerId}". An erased customer's id is not found either.`);
    const merged = await SqlSession.autocommit(this.database).all<{ id: string }>(
      'select merged_customer_id as id from customer_merges where customer_id = ? order by merged_at, merged_customer_id',
      [customerId],
    );
    const { id, emails, phones, handles } = customer;
    return { customer, subject: { id, mergedIds: merged.map((row) => row.id), emails, phones, handles } };
  }

  /** Cancels the customer's unfinished runs; one that finished meanwhile is left as it ended. */
  private async cancelRunsOf(customerId: string): Promise<number> {
    let cancelled = 0;
    for (const status of UNFINISHED) {
      // A cancelled run leaves the filter, so each page is the next one.
      for (let page = await this.workflows.list({ customerId, status }, 100); page.length > 0; page = await this.workflows.list({ customerId, status }, 100)) {
        for (const run of page) {
          try {
            await this.workflows.cancel(run.id);
            cancelled++;
          } catch (error) {
            if (!(error instanceof RapportError && error.code === 'CONFLICT')) throw error;
          }
        }
      }
    }
    return cancelled;
  }
}
