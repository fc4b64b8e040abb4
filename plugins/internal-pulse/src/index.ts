/**
 * `@rapport/plugin-internal-pulse`: anonymous pulse surveys for employees, the customers with
 * `attributes.kind = "employee"`. `startPulseRound` sends each a personal, one-use link; answers
 * arrive at `POST /channels/pulse/inbound` and are stored per team without any link to who gave
 * them; `pulseResults` shows a team only when at least `minGroupSize` answered, and suppresses
 * further teams so that no subtraction reveals a hidden one.
 *
 * @packageDocumentation
 */
import { DeliveryError, type PluginContext } from '@rapport/sdk';
import { pulseCustomerData } from './customerData.js';
import { EMPLOYEE_MODEL, employeeModel, trackEmployees } from './employees.js';
import { pulseInbound } from './inbound.js';
import { PulseRounds, ROUND_WORKFLOW } from './rounds.js';
import { pulseResolvers } from './resolvers.js';
import { Serial } from './serial.js';
import { readSettings } from './settings.js';
import { PulseStore } from './store.js';
import { ensureSchedule, roundWorkflow, SCHEDULE_WORKFLOW, scheduleWorkflow } from './workflows.js';

export { suppress, TOTAL_KEY, type PulseGroup } from './suppression.js';
export { tally, type TeamTally } from './answers.js';
export type { PulseSettings } from './settings.js';

/** The channel whose inbound route takes the answers. */
export const PULSE_CHANNEL = 'pulse';

/** Registers the answer route, the employee model, the workflows, the resolvers and the privacy handler. */
export async function activate(ctx: PluginContext): Promise<void> {
  const settings = readSettings(ctx);
  const store = new PulseStore(ctx.storage);
  const rounds = new PulseRounds(ctx, store, settings);
  ctx.subscriptions.push(
    ctx.channels.registerChannel(PULSE_CHANNEL, {
      send: () => {
        throw new DeliveryError(`The "${PULSE_CHANNEL}" channel only receives survey answers; invitations go out on the channel of the plugin's "channel" setting (now "${settings.channel}").`);
      },
      parseInbound: pulseInbound(store, new Serial()),
    }),
    ctx.segmentation.registerSegmentationModel(EMPLOYEE_MODEL.id, employeeModel),
    ...trackEmployees(ctx, store),
    ctx.workflows.registerWorkflow(ROUND_WORKFLOW, roundWorkflow(rounds)),
    ctx.workflows.registerWorkflow(SCHEDULE_WORKFLOW, scheduleWorkflow(ctx, rounds)),
    ctx.privacy.registerCustomerData('pulse-invitations', pulseCustomerData(store)),
    ctx.graphql.registerResolvers(pulseResolvers(rounds, store, settings)),
  );
  await ensureSchedule(ctx, settings);
}
