import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { runCli, runCliInProcess, writeConfig } from './runCli.js';

/** Far above the 1 s connect timeout these configs set; a ceiling against hanging, not a speed goal. */
const CLI_TIMEOUT = 60_000;

/**
 * Configs that load (the file is valid) but name something that is not there. Each must stop
 * the command with exit 2 and one line naming the file, the field and the cause, not a stack.
 */
const CASES = [
  {
    name: 'an unreachable database',
    config: { database: { url: 'postgres://127.0.0.1:1/test', connectTimeout: '1s' } },
    field: 'database.url',
    cause: /cannot reach PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED.*gave up after database\.connectTimeout \(1000 ms\)/,
    retries: true,
  },
  {
    name: 'a database URL whose port is "notaport"',
    config: { database: { url: 'postgres://127.0.0.1:notaport/test' } },
    field: 'database.url',
    cause: /is not a valid PostgreSQL URL: its port "notaport" is not a number/,
    retries: false,
  },
  {
    name: 'a server.host that does not resolve',
    config: { server: { host: 'no-such-host.invalid', port: 0 }, database: { url: 'sqlite::memory:' } },
    field: 'server.host',
    cause: /"no-such-host\.invalid" does not resolve to an address on this machine/,
    retries: false,
  },
  {
    name: 'a bot no configured plugin contributes',
    config: { database: { url: 'sqlite::memory:' }, plugins: [path.join(FIXTURES, 'scripted-bot-js')], bots: { 'test-chat': 'helpdesk' } },
    field: 'bots.test-chat',
    cause: /no configured plugin contributes bot "helpdesk" \(bots: scripted\); add the bot's plugin to plugins/,
    retries: false,
  },
] as const;

const COMMANDS = ['start', 'plugins list'];

describe.each(CASES)('$name', ({ config: fields, field, cause, retries }) => {
  it.each(COMMANDS)('stops %s with exit 2 and one line naming the file, the field and the cause', { timeout: CLI_TIMEOUT }, async (commandLine) => {
    const command = commandLine.split(' ');
    const config = writeConfig({ server: { host: '127.0.0.1', port: 0 }, ...fields });
    // `start` logs through pino straight to file descriptor 1, which only a process of its own
    // lets the test read; `plugins list` writes to process.stderr and runs in this process.
    const run = command[0] === 'start' ? runCli : runCliInProcess;
    const { code, stdout, stderr } = await run([...command, '--config', config]);
    expect(code, stderr).toBe(2);
    expect(stdout + stderr).not.toContain('    at ');
    // `plugins list` logs nothing, so it tells of its retries on stderr; `start` logs them.
    const warnings = stderr.split('\n').filter((line) => line.startsWith('rapport: warning: '));
    const errors = stderr.split('\n').filter((line) => line !== '' && !line.startsWith('rapport: warning: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.startsWith(`rapport: ${config}: ${field}: `)).toBe(true);
    expect(errors[0]).toMatch(cause);
    expect(stdout).not.toContain('Rapport ready');
    if (!retries) return;
    const logged = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; attempt?: number; msg: string; err?: unknown });
    const retryLog = command[0] === 'start' ? logged.filter((entry) => entry.level === 40 && entry.attempt !== undefined) : [];
    const attempts = command[0] === 'start' ? retryLog.map((entry) => entry.attempt) : warnings.map((line) => Number(/\(attempt (\d+)\)/.exec(line)?.[1]));
    // Backoff within one second: at least two retries, numbered from 1, each a warning with no stack.
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts).toEqual(attempts.map((_, index) => index + 1));
    for (const entry of retryLog) {
      expect(entry.msg).toMatch(/^database not reachable \(attempt \d+\), retrying in \d+ ms/);
      expect(entry.err).toBeUndefined();
    }
    for (const line of warnings) expect(line).toMatch(/^rapport: warning: database not reachable \(attempt \d+\), retrying in \d+ ms.*ECONNREFUSED/);
  });
});
