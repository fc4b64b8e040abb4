import { RapportError, type StartedWorkflowRun } from '@rapport/sdk';

/** Starts workflow runs on behalf of `ctx.workflows.start()`. The workflow engine implements it. */
export interface WorkflowStarter {
  start(plugin: string, workflowId: string, input: Record<string, unknown>): Promise<StartedWorkflowRun>;
}

/**
 * The starter used while no workflow engine is bound: it refuses clearly instead of pretending to
 * run something that would not be durable.
 */
export class UnavailableWorkflowStarter implements WorkflowStarter {
  async start(plugin: string, workflowId: string): Promise<StartedWorkflowRun> {
    throw new RapportError(
      'NOT_AVAILABLE',
      `Plugin "${plugin}" tried to start workflow "${workflowId}", but this core has no workflow engine bound.`,
    );
  }
}

/**
 * A starter bound after construction: the plugin host needs one to build plugin contexts, and the
 * workflow engine, which implements it, needs the plugin host. Until bound it refuses like
 * {@link UnavailableWorkflowStarter}.
 */
export class DeferredWorkflowStarter implements WorkflowStarter {
  private target: WorkflowStarter = new UnavailableWorkflowStarter();

  bind(target: WorkflowStarter): void {
    this.target = target;
  }

  start(plugin: string, workflowId: string, input: Record<string, unknown>): Promise<StartedWorkflowRun> {
    return this.target.start(plugin, workflowId, input);
  }
}
