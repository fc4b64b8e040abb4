import type { Logger as PinoLogger } from 'pino';
import { serviceToken } from '@rapport/sdk';

/** The core's root pino logger; services take children of it (`component: …`). */
export type Logger = PinoLogger;

/** The container token of the root {@link Logger}. */
export const Logger = serviceToken<Logger>('rapport.core.Logger');
