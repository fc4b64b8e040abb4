import { parseArgs } from 'node:util';
import { RapportError } from '@rapport/sdk';

const USAGE = `Usage: rapport <command> [options]

Commands:
  start [--config FILE] [--port N] [--database URL] [--demo] [--create-database]
                              migrate, load plugins and serve the API; a PostgreSQL
                              database or SQLite directory that does not exist is an
                              error unless --create-database (or --demo) is given
  plugins list [--config FILE] [--json] [--allow-failures]
                              each plugin's name, version, state and the reason for it;
                              exits 1 when one is FAILED, INCOMPATIBLE or MISSING_DEPENDENCY
  plugins check [--config FILE] [--json]
                              activate every plugin in a throwaway in-memory deployment and
                              exit 1 naming each one that cannot be used
  migrate [--config FILE] [--database URL] [--create-database]
                              apply the core's and the plugins' database migrations
  new plugin <name> --kind channel|scoring|segmentation|workflow [--dir DIR]
                              write a plugin package (manifest, TypeScript source, a test,
                              README) into DIR, by default the name without its scope
  keys create --name N (--role ADMIN|AGENT|VIEWER | --scopes a,b) [--config FILE]
                              create an API key and print its token (shown this once)
  keys list [--config FILE] [--json]
                              every API key: name, role or scopes, prefix, created,
                              last used, revoked
  keys revoke <name> [--config FILE]
                              refuse the key from now on, on every instance
  users create --email E --role ADMIN|AGENT|VIEWER [--name NAME] [--config FILE]
                              create a user who logs in with login; the password
                              (at least 12 characters) is read from standard input
  schema print [--config FILE] [--out FILE]
                              the GraphQL schema (SDL) the deployment serves, for code
                              generators and for schema diff
  schema diff <old> <new> [--json]
                              what changes for clients between two deployments' schemas
                              (each a config file or a printed .graphql file); exits 1
                              when a change is breaking
  audit verify [--config FILE] [--json]
                              seal pending audit events and walk the hash chain; exits 1
                              naming the first event that was altered or removed

Environment: RAPPORT_CONFIG, RAPPORT_DATABASE_URL, PORT, LOG_LEVEL`;

const OPTIONS = {
  config: { type: 'string' },
  port: { type: 'string' },
  database: { type: 'string' },
  demo: { type: 'boolean' },
  'create-database': { type: 'boolean' },
  json: { type: 'boolean' },
  'allow-failures': { type: 'boolean' },
  kind: { type: 'string' },
  dir: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  scopes: { type: 'string' },
  email: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [Name in keyof typeof OPTIONS]?: (typeof OPTIONS)[Name]['type'] extends 'string' ? string : boolean };

/** A command: its words, the arguments after them, the options it takes, and what runs it. */
interface Command {
  words: string[];
  /** Names of the positional arguments after the words, for the usage error. */
  args: string[];
  options: (keyof typeof OPTIONS)[];
  /** Imported when run, so a command loads only what it needs. */
  run(values: Values, args: string[]): Promise<number>;
}

const COMMANDS: Command[] = [
  {
    words: ['start'],
    args: [],
    options: ['config', 'port', 'database', 'demo', 'create-database'],
    run: async (values) =>
      (await import('./commands/start.js')).startCommand({
        config: values.config,
        port: values.port,
        database: values.database,
        demo: values.demo,
        createDatabase: values['create-database'],
      }),
  },
  {
    words: ['migrate'],
    args: [],
    options: ['config', 'database', 'create-database'],
    run: async (values) =>
      (await import('./commands/migrate.js')).migrateCommand({ config: values.config, database: values.database, createDatabase: values['create-database'] }),
  },
  {
    words: ['plugins', 'list'],
    args: [],
    options: ['config', 'json', 'allow-failures'],
    run: async (values) =>
      (await import('./commands/pluginsList.js')).pluginsListCommand({ config: values.config, json: values.json, allowFailures: values['allow-failures'] }),
  },
  {
    words: ['plugins', 'check'],
    args: [],
    options: ['config', 'json'],
    run: async (values) => (await import('./commands/pluginsCheck.js')).pluginsCheckCommand({ config: values.config, json: values.json }),
  },
  {
    words: ['new', 'plugin'],
    args: ['<name>'],
    options: ['kind', 'dir'],
    run: async (values, [name]) => (await import('./commands/newPlugin.js')).newPluginCommand({ name, kind: values.kind, dir: values.dir }),
  },
  {
    words: ['keys', 'create'],
    args: [],
    options: ['config', 'name', 'role', 'scopes'],
    run: async (values) =>
      (await import('./commands/keys.js')).keysCreateCommand({ config: values.config, name: values.name, role: values.role, scopes: values.scopes }),
  },
  {
    words: ['keys', 'list'],
    args: [],
    options: ['config', 'json'],
    run: async (values) => (await import('./commands/keys.js')).keysListCommand({ config: values.config, json: values.json }),
  },
  {
    words: ['keys', 'revoke'],
    args: ['<name>'],
    options: ['config'],
    run: async (values, [name]) => (await import('./commands/keys.js')).keysRevokeCommand({ config: values.config, name }),
  },
  {
    words: ['users', 'create'],
    args: [],
    options: ['config', 'email', 'role', 'name'],
    run: async (values) =>
      (await import('./commands/users.js')).usersCreateCommand({ config: values.config, email: values.email, role: values.role, name: values.name }),
  },
  {
    words: ['schema', 'print'],
    args: [],
    options: ['config', 'out'],
    run: async (values) => (await import('./commands/schema.js')).schemaPrintCommand({ config: values.config, out: values.out }),
  },
  {
    words: ['schema', 'diff'],
    args: ['<old>', '<new>'],
    options: ['json'],
    run: async (values, [old, updated]) => (await import('./commands/schema.js')).schemaDiffCommand({ old, new: updated, json: values.json }),
  },
  {
    words: ['audit', 'verify'],
    args: [],
    options: ['config', 'json'],
    run: async (values) => (await import('./commands/auditVerify.js')).auditVerifyCommand({ config: values.config, json: values.json }),
  },
];

/**
 * Runs one command line and returns its exit code. It writes to process.stdout and process.stderr
 * and never exits the process, so the tests can run it in their own process.
 */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { positionals } = parsed;
  const values = parsed.values as Values;
  const asked = positionals.join(' ');
  if (values.help || asked === '' || asked === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return values.help || asked === 'help' ? 0 : 2;
  }
  const command = COMMANDS.find(({ words }) => words.every((word, i) => positionals[i] === word));
  if (!command) {
    process.stderr.write(`rapport: unknown command "${asked}".\n\n${USAGE}\n`);
    return 2;
  }
  const name = `rapport ${command.words.join(' ')}`;
  const args = positionals.slice(command.words.length);
  if (args.length > command.args.length) return usageError(`${name} takes ${command.args.join(' ') || 'no arguments'}, not "${args.join(' ')}".`);
  const stray = (Object.keys(values) as (keyof typeof OPTIONS)[]).find((option) => option !== 'help' && !command.options.includes(option));
  if (stray) return usageError(`--${stray} is not an option of ${name}.`);
  try {
    return await command.run(values, args);
  } catch (error) {
    if (error instanceof RapportError) {
      process.stderr.write(`rapport: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function usageError(message: string): number {
  process.stderr.write(`rapport: ${message}\n\n${USAGE}\n`);
  return 2;
}

