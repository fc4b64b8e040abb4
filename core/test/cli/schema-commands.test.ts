/**
 * `rapport schema print` and `rapport schema diff`, run in the test's process: the schema a
 * deployment serves, and what changes for clients between two deployments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { runCliInProcess, writeConfig } from './runCli.js';

function fixtureConfig(dirs: string[]): string {
  const file = writeConfig({});
  const relative = dirs.map((dir) => `./${path.relative(path.dirname(file), path.join(FIXTURES, dir))}`);
  return writeConfig({ plugins: relative });
}

describe('rapport schema', () => {
  it('prints the SDL a deployment serves, plugin fields included, the same text every time', async () => {
    const config = fixtureConfig(['graphql-loyalty-js']);
    const printed = await runCliInProcess(['schema', 'print', '--config', config]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/type Customer implements Node \{[\s\S]*loyaltyTier: String/);
    expect(printed.stdout).toContain('type LoyaltyProgram');
    const out = path.join(path.dirname(config), 'schema.graphql');
    expect((await runCliInProcess(['schema', 'print', '--config', config, '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
  });

  it('names the breaking changes between two deployments and exits 1; none between equal ones', async () => {
    const withLoyalty = fixtureConfig(['graphql-loyalty-js']);
    const without = fixtureConfig([]);
    const same = await runCliInProcess(['schema', 'diff', withLoyalty, fixtureConfig(['graphql-loyalty-js'])]);
    expect(same).toMatchObject({ code: 0, stdout: 'No changes: the two schemas are the same.\n' });

    const removed = await runCliInProcess(['schema', 'diff', withLoyalty, without]);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toContain('Breaking: clients built against the old schema may fail');
    expect(removed.stdout).toContain("Customer.loyaltyTier: Field 'loyaltyTier' was removed from object type 'Customer'");
    expect(removed.stdout).toContain("Query.loyaltyProgram: Field 'loyaltyProgram' was removed from object type 'Query'");
    expect(removed.stderr).toMatch(/rapport: \d+ breaking changes between/);

    // Adding a plugin is safe for existing clients.
    const added = await runCliInProcess(['schema', 'diff', without, withLoyalty, '--json']);
    expect(added.code).toBe(0);
    const report = JSON.parse(added.stdout);
    expect(report.breaking).toBe(0);
    expect(report.changes).toContainEqual(expect.objectContaining({ level: 'NON_BREAKING', type: 'FIELD_ADDED', path: 'Customer.loyaltyTier' }));
  });

  it('compares printed SDL files too, and names a file that is missing or not a schema', async () => {
    const config = fixtureConfig([]);
    const dir = path.dirname(config);
    const old = path.join(dir, 'old.graphql');
    const updated = path.join(dir, 'new.graphql');
    writeFileSync(old, 'type Query { customer(id: ID): String }');
    writeFileSync(updated, 'type Query { customer(id: ID!): String }');
    const changed = await runCliInProcess(['schema', 'diff', old, updated]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain("Query.customer.id: Type for argument 'id' on field 'Query.customer' changed from 'ID' to 'ID!'");

    const missing = await runCliInProcess(['schema', 'diff', old, path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`rapport: ${path.join(dir, 'nope.json')}: (file): does not exist: give a deployment's rapport.config.json or a .graphql file\n`);
    writeFileSync(updated, 'type Query {');
    expect((await runCliInProcess(['schema', 'diff', old, updated])).stderr).toContain(`${updated}: (file): is not a GraphQL schema: Syntax Error`);
    expect((await runCliInProcess(['schema', 'diff', old])).code).toBe(2);
  });
});
