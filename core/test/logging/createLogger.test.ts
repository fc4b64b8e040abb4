import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/createLogger.js';
import { LOG_LIMITS } from '../../src/logging/logLimits.js';
import { REDACTED, REDACTED_LOG_FIELDS } from '../../src/logging/logRedaction.js';

const CORE_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** A parsed log line; the tests read its fields with assertions, not with types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Entry = Record<string, any>;

/** A root logger as `rapport start` makes it, writing into an array. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Entry) };
}

const MEGABYTE = 'z'.repeat(1_000_000);

describe('the root logger', () => {
  it('cuts a 1 MB string, in a field, in a message and in an error, to the string cap', () => {
    const { logger, lines, entries } = capture();
    const error = new Error(`upstream said: ${MEGABYTE}`);
    logger.info({ note: MEGABYTE, nested: { deeper: [MEGABYTE] } }, `message: ${MEGABYTE}`);
    logger.error({ err: error, other: error }, 'failed');
    const [info, failed] = entries();
    const cut = `…[cut ${1_000_000 - LOG_LIMITS.maxStringLength} chars]`;
    expect(info!.note).toBe(`${'z'.repeat(LOG_LIMITS.maxStringLength)}${cut}`);
    expect(info!.nested.deeper[0]).toBe(info!.note);
    expect(info!.msg).toMatch(/^message: z+…\[cut \d+ chars\]$/);
    expect(failed!.err.message).toMatch(/^upstream said: z+…\[cut \d+ chars\]$/);
    expect(failed!.err.stack.length).toBeLessThanOrEqual(LOG_LIMITS.maxStringLength + 30);
    expect(failed!.other.type).toBe('Error');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(LOG_LIMITS.maxLineBytes);
  });

  it('rewrites a line over the line cap to fit, saying so', () => {
    const { logger, lines, entries } = capture();
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, 'y'.repeat(4_000)]));
    logger.warn({ component: 'events', ...many }, 'many long fields');
    expect(Buffer.byteLength(lines[0]!)).toBeLessThanOrEqual(LOG_LIMITS.maxLineBytes);
    expect(entries()[0]).toMatchObject({ level: 40, component: 'events', msg: 'many long fields', logCut: expect.stringMatching(/over the 16384-byte cap/) });

    const wider = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`field${i}`, 'y'.repeat(4_000)]));
    logger.warn({ component: 'events', ...wider }, 'even more long fields');
    expect(Buffer.byteLength(lines[1]!)).toBeLessThanOrEqual(LOG_LIMITS.maxLineBytes);
    expect(entries()[1]).toMatchObject({ component: 'events', msg: 'even more long fields', logCut: expect.stringMatching(/kept the essential fields only/) });
  });

  it('redacts credentials in a real HTTP request logged whole', async () => {
    const { logger, entries } = capture();
    const server = createServer((req: IncomingMessage, res) => {
      logger.info({ req }, 'request');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, {
        headers: { authorization: 'Bearer rk_do_not_log_me', cookie: 'session=do_not_log_me', 'x-request-id': 'r-1' },
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    const [line] = entries();
    expect(line!.req).toMatchObject({ method: 'GET', url: '/x', headers: { authorization: REDACTED, cookie: REDACTED, 'x-request-id': 'r-1' } });
    expect(JSON.stringify(line)).not.toContain('do_not_log_me');
  });

  it('drops the parameters an error carries and the values its SQL quotes, at any depth', () => {
    const { logger, entries } = capture();
    const driver = Object.assign(new Error("update \"customers\" set \"display_name\" = 'Grace Hopper', \"score\" = 42 where \"id\" = 'c-1' - deadlock detected"), {
      params: ['Grace Hopper', 42, 'c-1'],
      bindings: ['Grace Hopper'],
      sql: 'update "customers" set "display_name" = $1, "score" = $2 where "id" = $3',
    });
    const wrapper = new Error('could not save the customer', { cause: driver });
    logger.error({ failures: [{ handler: 'scores', error: wrapper }], err: driver }, 'save failed');
    const [line] = entries();
    const text = JSON.stringify(line);
    expect(text).not.toContain('Grace Hopper');
    expect(text).not.toContain('c-1');
    expect(line!.err).not.toHaveProperty('params');
    expect(line!.err).not.toHaveProperty('bindings');
    expect(line!.err).toMatchObject({
      message: 'update "customers" set "display_name" = ?, "score" = ? where "id" = ? - deadlock detected',
      sql: 'update "customers" set "display_name" = $1, "score" = $2 where "id" = $3',
      statement: 'update "customers"',
    });
    expect(line!.failures[0].error.message).toBe('could not save the customer: update "customers" set "display_name" = ?, "score" = ? where "id" = ? - deadlock detected');
  });

  it('redacts each field of the list, in any spelling, and docs/logging.md names each one', () => {
    const { logger, entries } = capture();
    const fields = Object.keys(REDACTED_LOG_FIELDS);
    const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    logger.info({ deep: { deeper: Object.fromEntries(fields.map((field) => [kebab(field).toUpperCase(), 'leak'])) } }, 'every field');
    expect(JSON.stringify(entries()[0])).not.toContain('leak');
    const docs = readFileSync(path.resolve(CORE_SRC, '../../docs/logging.md'), 'utf8');
    expect(fields.filter((field) => !docs.includes(`\`${field}\``))).toEqual([]);
  });

  it('is the only way the core makes a logger, so no line escapes these rules', () => {
    const offenders = sourceFiles(CORE_SRC).filter((file) => !file.endsWith(path.join('logging', 'createLogger.ts')) && /\bpino\s*\(/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => path.relative(CORE_SRC, file))).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}
