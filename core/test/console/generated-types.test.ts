/**
 * The console's GraphQL types are generated from the served schema (core/console/schema.graphql,
 * then graphql-codegen into core/console/src/gql/). Both are committed, so a schema change that is
 * not carried into them would leave the console typed against a schema the server no longer
 * serves: this fails then, naming the command that brings them up to date.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { deploymentSchema } from '../../src/cli/deploymentSchema.js';

const run = promisify(execFile);
const CORE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PLATFORM_CONFIG = path.resolve(CORE_DIR, '../examples/platform-app/rapport.config.json');

describe("the console's generated types", () => {
  it('are current: the served schema and codegen from it equal the committed files', async () => {
    const { schema, leftOut } = await deploymentSchema(PLATFORM_CONFIG);
    expect(leftOut).toEqual([]);
    const served = `${printSchema(schema)}\n`;
    expect(served, 'core/console/schema.graphql is stale: run `npm run -w @rapport/core console:schema`, then `console:codegen`').toBe(
      readFileSync(path.join(CORE_DIR, 'console/schema.graphql'), 'utf8'),
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'console-codegen-'));
    try {
      const out = path.join(dir, 'gql');
      await run('npm', ['run', '-s', 'console:codegen'], { cwd: CORE_DIR, env: { ...process.env, CONSOLE_GQL_OUT: `${out}/` } });
      const committed = path.join(CORE_DIR, 'console/src/gql');
      expect(readdirSync(out).sort()).toEqual(readdirSync(committed).sort());
      for (const file of readdirSync(committed)) {
        expect(readFileSync(path.join(out, file), 'utf8'), `console/src/gql/${file} is stale: run \`npm run -w @rapport/core console:codegen\``).toBe(
          readFileSync(path.join(committed, file), 'utf8'),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
