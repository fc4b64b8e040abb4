import { serviceToken } from '@rapport/sdk';

/**
 * How conversations get an agent (`assignment` in the config): by hand only (`manual`, the
 * default), or `round-robin` among agents who are marked available, when a conversation for
 * people opens and when a bot hands one off.
 */
export interface AssignmentOptions {
  mode: 'manual' | 'round-robin';
}

export const DEFAULT_ASSIGNMENT_OPTIONS: AssignmentOptions = { mode: 'manual' };

/** The container token of the deployment's {@link AssignmentOptions}. */
export const AssignmentOptions = serviceToken<AssignmentOptions>('rapport.core.AssignmentOptions');
