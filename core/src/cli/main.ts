import { parseArgs } from 'node:util';
import { RapportError } from '@rapport/sdk';
import { migrateCommand } from './commands/migrate.js';
import { pluginsListCommand } from './commands/pluginsList.js';
import { startCommand } from './commands/start.js';

const USAGE = `Usage: rapport <command> [options]

Commands:
  start [--config FILE] [--port N] [--database URL] [--demo]
                              migrate, load plugins and serve the API
  plugins list [--config FILE] [--json]
                              each plugin's name, version, state and the reason for it
  migrate [--config FILE] [--database URL]
                              apply the core's and the plugins' database migrations

Environment: RAPPORT_CONFIG, RAPPORT_DATABASE_URL, PORT, LOG_LEVEL`;

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        database: { type: 'string' },
        demo: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`rapport: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return values.help || command === 'help' ? 0 : 2;
  }
  try {
    switch (command) {
      case 'start':
        return await startCommand({ config: values.config, port: values.port, database: values.database, demo: values.demo });
      case 'migrate':
        return await migrateCommand({ config: values.config, database: values.database });
      case 'plugins list':
        return await pluginsListCommand({ config: values.config, json: values.json });
      default:
        process.stderr.write(`rapport: unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof RapportError) {
      process.stderr.write(`rapport: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
