import path from 'node:path';
import { writePluginPackage } from '../../scaffold/writePluginPackage.js';

/** Options of `rapport new plugin`, as given on the command line. */
export interface NewPluginOptions {
  name: string | undefined;
  kind: string | undefined;
  dir: string | undefined;
}

/**
 * `rapport new plugin <name> --kind channel|scoring|segmentation|workflow [--dir DIR]`: writes a
 * plugin package into a new (or empty) folder and prints what it wrote and what to run next.
 * A bad request is a ValidationError, which the CLI prints with exit code 2.
 */
export async function newPluginCommand(options: NewPluginOptions): Promise<number> {
  const cwd = process.cwd();
  const written = writePluginPackage({ name: options.name, kind: options.kind, cwd, ...(options.dir !== undefined && { dir: options.dir }) });
  const { names, kind } = written;
  const relative = path.relative(cwd, written.dir);
  // `./sla` for a folder under the current one, else the absolute path.
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  const shown = inside ? `.${path.sep}${relative}` : written.dir;
  const lines = [
    `Created ${names.packageName}, the ${kind.noun} "${names.id}", in ${shown}:`,
    ...written.files.map((file) => `  ${file}`),
    '',
    'Next:',
    `  cd ${quote(inside ? relative : written.dir)}`,
    '  npm install',
    '  npm test        # its test on the SDK test host',
    '  npm start       # a deployment with the plugin: GraphQL at http://127.0.0.1:4000/graphql',
    '',
    `README.md says what it does, every setting, and how to add it to your own deployment.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const warning of written.warnings) process.stderr.write(`rapport: warning: ${warning}\n`);
  return 0;
}

function quote(value: string): string {
  return /^[\w./@~-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
