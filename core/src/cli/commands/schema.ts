import { writeFile } from 'node:fs/promises';
import { diff, type Change } from '@graphql-inspector/core';
import { printSchema } from 'graphql';
import { deploymentSchema } from '../deploymentSchema.js';

const LEVELS = [
  ['BREAKING', 'Breaking: clients built against the old schema may fail'],
  ['DANGEROUS', 'Dangerous: valid for old clients, but may change what they see'],
  ['NON_BREAKING', 'Safe'],
] as const;

/**
 * `rapport schema print`: the SDL the deployment serves, for code generators (graphql-codegen,
 * relay-compiler) and for `schema diff` later. Written to `--out` or standard output.
 */
export async function schemaPrintCommand(options: { config?: string; out?: string }): Promise<number> {
  const { schema, leftOut } = await deploymentSchema(options.config ?? process.env.RAPPORT_CONFIG ?? 'rapport.config.json');
  for (const plugin of leftOut) process.stderr.write(`rapport: left out of the schema: ${plugin}\n`);
  const sdl = `${printSchema(schema)}\n`;
  if (options.out) await writeFile(options.out, sdl);
  else process.stdout.write(sdl);
  return 0;
}

/**
 * `rapport schema diff <old> <new>`: what changes for clients between two deployments' schemas
 * (each a config file or a printed SDL file), by graphql-inspector's rules, grouped by how much it
 * matters. Exits 1 when a change is breaking, so CI can stop a deployment that would break the
 * front-ends built for the one before.
 */
export async function schemaDiffCommand(options: { old?: string; new?: string; json?: boolean }): Promise<number> {
  if (!options.old || !options.new) {
    process.stderr.write('rapport: schema diff takes two schemas, <old> <new>: each a rapport.config.json or a .graphql file from `rapport schema print`.\n');
    return 2;
  }
  const [before, after] = await Promise.all([deploymentSchema(options.old), deploymentSchema(options.new)]);
  for (const [side, plugins] of [['old', before.leftOut], ['new', after.leftOut]] as const) {
    for (const plugin of plugins) process.stderr.write(`rapport: left out of the ${side} schema: ${plugin}\n`);
  }
  const changes = await diff(before.schema, after.schema);
  const breaking = changes.filter((change) => change.criticality.level === 'BREAKING');
  if (options.json) {
    const entries = changes.map((change) => ({ level: change.criticality.level, type: change.type, path: change.path ?? null, message: change.message, ...(change.criticality.reason && { reason: change.criticality.reason }) }));
    process.stdout.write(`${JSON.stringify({ breaking: breaking.length, changes: entries }, null, 2)}\n`);
  } else {
    process.stdout.write(formatChanges(changes));
  }
  if (breaking.length > 0) process.stderr.write(`rapport: ${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} between ${options.old} and ${options.new}.\n`);
  return breaking.length > 0 ? 1 : 0;
}

function formatChanges(changes: Change[]): string {
  if (changes.length === 0) return 'No changes: the two schemas are the same.\n';
  const lines: string[] = [];
  for (const [level, title] of LEVELS) {
    const group = changes.filter((change) => change.criticality.level === level);
    if (group.length === 0) continue;
    lines.push(`${title} (${group.length}):`);
    for (const change of group) lines.push(`  ${change.path ?? change.type}: ${change.message}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
