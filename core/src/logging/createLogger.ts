import { pino, type DestinationStream, type Logger, type LevelWithSilent, type LoggerOptions as PinoOptions } from 'pino';
import { capLogLine } from './capLogLine.js';
import { capLogObject, capString } from './capLogObject.js';
import { REDACT_PATHS, REDACTED } from './logRedaction.js';
import { serializeError } from './serializeError.js';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where JSON lines go; standard output by default. */
  destination?: DestinationStream;
}

/**
 * The rules every line of the core follows, and of its plugins, whose loggers are children of the
 * root (children inherit redaction, serializers, formatters and hooks). See docs/logging.md.
 */
export const LOG_RULES: Pick<PinoOptions, 'redact' | 'serializers' | 'formatters' | 'hooks'> = {
  // Bindings (`logger.child({ … })`) are not seen by formatters.log; redact covers them too.
  redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  serializers: { err: serializeError, msg: capString },
  formatters: { log: capLogObject },
  hooks: { streamWrite: capLogLine },
};

/**
 * The core's root logger. Plugins get children of it that carry `plugin: <name>`. Every logger of
 * the core is made here, so no line escapes LOG_RULES; `level: 'silent'` for commands that log
 * nothing.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? (process.env.LOG_LEVEL as LevelWithSilent | undefined) ?? 'info';
  if (level === 'silent' && !options.destination) return pino({ level, ...LOG_RULES });
  return pino({ level, base: { service: 'rapport' }, ...LOG_RULES }, options.destination ?? pino.destination({ sync: false }));
}
