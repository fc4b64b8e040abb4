import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, Kind, parse, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { openConfiguredKernel } from '../../src/cli/openConfiguredKernel.js';
import { createGraphQLServer, type GraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import type { Kernel } from '../../src/kernel/createKernel.js';

/**
 * Every type, field, argument, enum value and input field of the served schema has a description:
 * the schema assembled as `npm run docs:graphql` assembles it (examples/platform-app, every bundled
 * plugin). What a third-party plugin of that example adds (examples/acme-loyalty) is not checked:
 * only the core and the plugins under plugins/ are ours to describe.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const configFile = path.join(root, 'examples/platform-app/rapport.config.json');

let kernel: Kernel;
let server: GraphQLServer;
let schema: GraphQLSchema;
/** Types and fields (`Type`, `Type.field`) that a plugin outside plugins/ added. */
const thirdParty = new Set<string>();

beforeAll(async () => {
  const config = await loadConfig({ file: configFile, env: { RAPPORT_DATABASE_URL: 'sqlite::memory:' } });
  kernel = await openConfiguredKernel(config, pino({ level: 'silent' }));
  server = createGraphQLServer(kernel);
  schema = await server.schema();
  for (const { file } of kernel.host.graphqlContributions()) {
    if (path.relative(path.join(root, 'plugins'), file).startsWith('..')) await collectDefinitions(file, thirdParty);
  }
});

afterAll(async () => {
  await server?.close();
  await kernel?.database.close();
});

async function collectDefinitions(file: string, into: Set<string>): Promise<void> {
  for (const definition of parse(await readFile(file, 'utf8')).definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const extension = definition.kind === Kind.OBJECT_TYPE_EXTENSION || definition.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION;
    if (!extension) into.add(definition.name.value);
    for (const field of 'fields' in definition ? (definition.fields ?? []) : []) into.add(`${definition.name.value}.${field.name.value}`);
  }
}

/** `Type`, `Type.field`, `Type.field(arg)`, `Enum.VALUE` for every element without a description. */
function undescribed(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  const blank = (text: string | null | undefined) => !text || text.trim() === '';
  if (blank(type.description)) missing.push(type.name);
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      const name = `${type.name}.${field.name}`;
      if (thirdParty.has(name)) continue;
      if (blank(field.description)) missing.push(name);
      for (const argument of field.args) if (blank(argument.description)) missing.push(`${name}(${argument.name})`);
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe('the served schema is described', () => {
  it('has a description on every type, field, argument, enum value and input field of the core and the bundled plugins', () => {
    const types = Object.values(schema.getTypeMap()).filter(
      (type) => !type.name.startsWith('__') && !thirdParty.has(type.name) && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name),
    );
    expect(types.length).toBeGreaterThan(40);
    const missing = types.flatMap(undescribed);
    expect(missing, `Without a description (add """…""" in the SDL):\n${missing.join('\n')}`).toEqual([]);
  });

  it('checks the plugins outside plugins/ apart: the example deployment has one, and its fields are really there', () => {
    expect(thirdParty.has('LoyaltyTier')).toBe(true);
    expect(schema.getType('LoyaltyTier')).toBeDefined();
  });

  it('names the specifications of the custom scalars', () => {
    const dateTime = schema.getType('DateTime');
    const json = schema.getType('JSON');
    expect(isScalarType(dateTime) && dateTime.specifiedByURL).toBe('https://scalars.graphql.org/andimarek/date-time');
    expect(isScalarType(json) && json.specifiedByURL).toBe('https://www.rfc-editor.org/rfc/rfc8259');
    // The SDL's description is the one served (the scalar's implementation does not replace it).
    expect(isScalarType(dateTime) && dateTime.description).toContain('RFC 3339');
  });
});
