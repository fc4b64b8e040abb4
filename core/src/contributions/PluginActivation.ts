import { injectable } from 'inversify';
import { contributionKind, RapportError, serviceToken, type ContributionField, type Event, type PluginState } from '@rapport/sdk';
import { AsyncEmitter, type WaitUntilEvent } from '../util/AsyncEmitter.js';

/** A request for plugins to be active: an activation event, and the contribution about to be used, if any. */
export interface ActivationRequest {
  /** The activation event, e.g. `onEvent:customer.created` or `onChannel:sms`. */
  readonly event: string;
  /** The contribution the caller is about to use; the plugin that declares it must be active afterwards. */
  readonly contribution?: { readonly field: ContributionField; readonly id: string };
}

/**
 * How the parts of the core that call plugins (the event bus, the channels, the workflow engine)
 * have them activated first, without depending on the plugin host: they announce the activation
 * event, and the host, which listens, activates the plugins concerned and resolves the request.
 * This is the one way requests travel up to the host, so that dependencies point down.
 */
export interface PluginActivation {
  /** Activates the plugins that declare `event`, dependencies first. Never throws for a plugin that fails: its status says why. */
  activateByEvent(event: string): Promise<void>;
  /**
   * Makes a contribution usable: fires its kind's activation event (`onChannel:<id>`,
   * `onWorkflow:<id>`) and activates the plugin that declares it. Throws
   * {@link ContributionUnavailableError} when that plugin cannot serve it (DISABLED, FAILED…).
   */
  activateContribution(field: ContributionField, id: string): Promise<void>;
  /** Fires for each request; the plugin host listens and makes the request wait for the activation. */
  readonly onWillActivate: Event<WaitUntilEvent<ActivationRequest>>;
}

/** The container token of {@link PluginActivation}. */
export const PluginActivation = serviceToken<PluginActivation>('rapport.core.PluginActivation');

/** {@link PluginActivation} as an event: requests go to whoever listens (the plugin host). */
@injectable()
export class ActivationRequests implements PluginActivation {
  private readonly requests = new AsyncEmitter<ActivationRequest>();
  readonly onWillActivate = this.requests.event;

  activateByEvent(event: string): Promise<void> {
    return this.requests.fireAsync({ event });
  }

  activateContribution(field: ContributionField, id: string): Promise<void> {
    const { activationEvent } = contributionKind(field);
    return this.requests.fireAsync({ event: activationEvent ? `${activationEvent}:${id}` : '', contribution: { field, id } });
  }
}

/** A contribution whose plugin cannot serve it: the plugin's state and error say why. */
export class ContributionUnavailableError extends RapportError {
  constructor(
    readonly plugin: string,
    readonly state: PluginState,
    message: string,
  ) {
    super('NOT_AVAILABLE', message);
  }

  /** Whether the plugin will stay unable until an operator acts (as opposed to an activation that may succeed later). */
  get settled(): boolean {
    return this.state !== 'INSTALLED' && this.state !== 'ACTIVE';
  }
}
