import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RAPPORT_BIN } from './runCli.js';

const USAGE_LINE = 'new plugin <name> --kind channel|scoring|segmentation|workflow [--dir DIR]';

/** Runs the CLI in `cwd` to completion. */
function rapport(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RAPPORT_BIN, ...args], { cwd, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function emptyDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'rapport-new-plugin-refusals-'));
}

describe('rapport new plugin refuses, with exit code 2 and a message that names the problem and the fix', () => {
  it('a missing name', async () => {
    const cwd = emptyDir();
    const { code, stdout, stderr } = await rapport(['new', 'plugin', '--kind', 'scoring'], cwd);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("rapport: rapport new plugin needs the plugin's name, e.g. rapport new plugin @acme/rapport-sla --kind scoring\n");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a missing kind', async () => {
    const cwd = emptyDir();
    const { code, stderr } = await rapport(['new', 'plugin', '@acme/rapport-sla'], cwd);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'rapport: rapport new plugin needs --kind, one of channel, scoring, segmentation, workflow, e.g. rapport new plugin @acme/rapport-sla --kind scoring\n',
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('an unknown kind, suggesting the one meant', async () => {
    const cwd = emptyDir();
    const { code, stderr } = await rapport(['new', 'plugin', '@acme/rapport-sla', '--kind', 'score'], cwd);
    expect(code).toBe(2);
    expect(stderr).toBe('rapport: Unknown kind "score": --kind takes one of channel, scoring, segmentation, workflow. Did you mean --kind scoring?\n');
    const other = await rapport(['new', 'plugin', '@acme/rapport-sla', '--kind', 'bot'], cwd);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe('rapport: Unknown kind "bot": --kind takes one of channel, scoring, segmentation, workflow.\n');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('an invalid name, suggesting a valid one', async () => {
    const cwd = emptyDir();
    const { code, stderr } = await rapport(['new', 'plugin', 'My SLA', '--kind', 'scoring'], cwd);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'rapport: "My SLA" is not a valid plugin name. A plugin name is an npm package name: lower case letters, digits, "-", "." and "_", ' +
        'optionally under a scope, such as @acme/rapport-sla or sla-score; try "my-sla".\n',
    );
    const scoped = await rapport(['new', 'plugin', '@Acme/SLA', '--kind', 'scoring'], cwd);
    expect(scoped.code).toBe(2);
    expect(scoped.stderr).toContain('"@Acme/SLA" is not a valid plugin name.');
    expect(scoped.stderr).toContain('try "@acme/sla".');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a folder that exists and is not empty, leaving it as it was', async () => {
    const cwd = emptyDir();
    mkdirSync(path.join(cwd, 'rapport-sla'));
    writeFileSync(path.join(cwd, 'rapport-sla', 'notes.txt'), 'mine');
    const { code, stderr } = await rapport(['new', 'plugin', '@acme/rapport-sla', '--kind', 'scoring'], cwd);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `rapport: ${path.join(cwd, 'rapport-sla')} already exists and is not empty; rapport new plugin writes only into a new or an empty folder. ` +
        'Give the plugin another folder with --dir, or remove this one first.\n',
    );
    expect(readdirSync(path.join(cwd, 'rapport-sla'))).toEqual(['notes.txt']);

    writeFileSync(path.join(cwd, 'plugin-file'), '');
    const file = await rapport(['new', 'plugin', '@acme/rapport-sla', '--kind', 'scoring', '--dir', 'plugin-file'], cwd);
    expect(file.code).toBe(2);
    expect(file.stderr).toBe(`rapport: ${path.join(cwd, 'plugin-file')} is a file, not a folder. Give the plugin another folder with --dir.\n`);
  });

  it('options of other commands, and a second name', async () => {
    const cwd = emptyDir();
    const option = await rapport(['new', 'plugin', '@acme/rapport-sla', '--kind', 'scoring', '--port', '4000'], cwd);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^rapport: --port is not an option of rapport new plugin\.\n\nUsage: rapport <command> \[options\]/);
    expect(option.stderr).toContain(USAGE_LINE);
    const two = await rapport(['new', 'plugin', '@acme/rapport-sla', 'extra', '--kind', 'scoring'], cwd);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^rapport: rapport new plugin takes <name>, not "@acme\/rapport-sla extra"\./);
    const kindOnStart = await rapport(['start', '--kind', 'scoring'], cwd);
    expect(kindOnStart.code).toBe(2);
    expect(kindOnStart.stderr).toMatch(/^rapport: --kind is not an option of rapport start\./);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('but writes into an existing empty folder given with --dir', async () => {
    const cwd = emptyDir();
    mkdirSync(path.join(cwd, 'plugins', 'sla'), { recursive: true });
    const { code, stdout, stderr } = await rapport(['new', 'plugin', '@acme/rapport-sla', '--kind', 'scoring', '--dir', 'plugins/sla'], cwd);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Created @acme/rapport-sla, the scoring rule "sla", in .${path.sep}${path.join('plugins', 'sla')}:`);
    expect(stdout).toContain(`  cd ${path.join('plugins', 'sla')}\n`);
    expect(existsSync(path.join(cwd, 'plugins', 'sla', 'src', 'rule.ts'))).toBe(true);
  });
});
