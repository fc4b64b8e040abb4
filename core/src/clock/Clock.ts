import { serviceToken, type Clock as SdkClock } from '@rapport/sdk';

/** The time the core runs on: the system clock, or a test's FakeClock. */
export type Clock = SdkClock;

/** The container token of the {@link Clock}. */
export const Clock = serviceToken<Clock>('rapport.core.Clock');
