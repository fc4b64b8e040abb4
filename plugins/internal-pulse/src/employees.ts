import type { Disposable, PluginContext, RuleSegmentationModel } from '@rapport/sdk';
import { EMPLOYEE } from './rounds.js';
import type { PulseStore } from './store.js';

/** The segmentation model that finds employees, and its one segment. */
export const EMPLOYEE_MODEL = { id: 'pulse', segment: 'employees' } as const;

/**
 * `pulse:employees`, kept current in SQL by the core: customers with `attributes.kind =
 * "employee"`. The SDK offers no way to list customers by attribute, so the plugin keeps an
 * index of them (`employee:<id>`) from this model's `segment.entered` and `segment.left`; a
 * round reads each indexed customer again before inviting them.
 */
export const employeeModel: RuleSegmentationModel = {
  segments: [{ id: EMPLOYEE_MODEL.segment, rules: { field: `attributes.${EMPLOYEE.attribute}`, op: 'eq', value: EMPLOYEE.value } }],
  exclusive: true,
};

/** Keeps the employee index from the model's events, and forgets customers merged away. */
export function trackEmployees(ctx: Pick<PluginContext, 'events'>, store: PulseStore): Disposable[] {
  const ours = (event: { model: string; segment: string }) => event.model === EMPLOYEE_MODEL.id && event.segment === EMPLOYEE_MODEL.segment;
  return [
    ctx.events.on('segment.entered', async (event) => {
      if (ours(event)) await store.addEmployee(event.customerId);
    }),
    ctx.events.on('segment.left', async (event) => {
      if (ours(event)) await store.removeEmployee(event.customerId);
    }),
    ctx.events.on('customer.merged', async (event) => {
      await store.removeEmployee(event.mergedCustomerId);
    }),
  ];
}
