import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where JSON lines go; standard output by default. */
  destination?: DestinationStream;
}

/** The core's root logger. Plugins get children of it that carry `plugin: <name>`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? (process.env.LOG_LEVEL as LevelWithSilent | undefined) ?? 'info';
  return pino({ level, base: { service: 'rapport' } }, options.destination ?? pino.destination({ sync: false }));
}
