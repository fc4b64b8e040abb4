/**
 * What the console's browser tests share: the platform example started as `npm start` starts it
 * (`rapport start --demo`, with demo data) on a SQLite file and a free port, Debian's Chromium
 * driven by playwright-core, and the checks every console page gets (Content-Security-Policy
 * violations, axe-core). Not `startRapport` from the SDK: that one cannot pass `--demo`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitFor } from '@rapport/sdk/testing';
import { APP_DIR } from './deployment.js';

const CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where screenshots go: set UPDATE_SCREENSHOTS=1 to refresh the pictures in docs/console.md. */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? path.resolve(APP_DIR, '../../docs/images') : tmpdir();

/** What `rapport start` logged on its ready line. */
export interface ReadyLine {
  url: string;
  console: string;
  graphql: string;
}

/** A running `rapport start --demo` of the example. */
export interface ConsoleDemo {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The ADMIN API key the process was started with (`RAPPORT_BOOTSTRAP_API_KEY`). */
  adminKey: string;
  /** The ready line as logged, for tests that check the addresses it announces. */
  ready: ReadyLine;
  /** A GraphQL operation as the bootstrap admin; GraphQL errors throw with the server's answer. */
  graphql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<Data>;
  /** Everything the process printed so far (pino JSON lines). */
  logs(): string;
  /** SIGTERM, waits for the process to exit, and removes its run directory. */
  stop(): Promise<void>;
}

export interface ConsoleDemoOptions {
  /** Prefix of the run directory, `examples/platform-app/.rapport/<name>-*`. */
  name: string;
  /** Plugin paths loaded after the example's own (fixtures). */
  plugins?: string[];
  /** Per plugin, settings merged over the example's (e.g. the chat widget's allowed origins). */
  pluginSettings?: Record<string, Record<string, unknown>>;
}

/**
 * Starts the example's composition, `rapport.config.json` with its relative plugin paths made
 * absolute (the config is written elsewhere), with quick event and workflow pollers, and resolves
 * once it logs that it is ready and `/readyz` answers 200. If it never gets there, the process
 * is stopped and the error carries its output.
 */
export async function startConsoleDemo(options: ConsoleDemoOptions): Promise<ConsoleDemo> {
  const composed = JSON.parse(readFileSync(path.join(APP_DIR, 'rapport.config.json'), 'utf8')) as { plugins: string[]; pluginSettings: Record<string, object> };
  mkdirSync(path.join(APP_DIR, '.rapport'), { recursive: true });
  const runDir = mkdtempSync(path.join(APP_DIR, '.rapport', `${options.name}-`));
  const pluginSettings = { ...composed.pluginSettings };
  for (const [plugin, settings] of Object.entries(options.pluginSettings ?? {})) pluginSettings[plugin] = { ...composed.pluginSettings[plugin], ...settings };
  const config = {
    ...composed,
    server: { host: '127.0.0.1', port: 0 },
    database: { url: `sqlite:${path.join(runDir, 'rapport.db')}` },
    plugins: [...composed.plugins.map((entry) => (entry.startsWith('.') ? path.resolve(APP_DIR, entry) : entry)), ...(options.plugins ?? [])],
    pluginSettings,
    events: { pollIntervalMs: 100 },
    workflows: { pollIntervalMs: 100 },
  };
  const configFile = path.join(runDir, 'rapport.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  const adminKey = `rk_${randomBytes(32).toString('base64url')}`;
  const bin = path.join(path.dirname(require.resolve('@rapport/core/package.json')), 'bin', 'rapport.js');
  const child = spawn(process.execPath, [bin, 'start', '--config', configFile, '--demo'], {
    stdio: 'pipe',
    env: { ...process.env, RAPPORT_BOOTSTRAP_API_KEY: adminKey, LOG_LEVEL: 'info' },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(runDir, { recursive: true, force: true });
  }

  let ready: ReadyLine;
  try {
    const line = await waitFor('rapport start to log that it is ready', () => output.split('\n').find((entry) => entry.includes('"Rapport ready at')), 60_000);
    ready = JSON.parse(line) as ReadyLine;
    await waitFor('/readyz', async () => ((await fetch(`${ready.url}/readyz`)).status === 200 ? true : undefined), 30_000);
  } catch (error) {
    await stop();
    throw new Error(`rapport start --demo did not become ready (${(error as Error).message}). It printed:\n${output}`, { cause: error });
  }

  const url = ready.url;
  return {
    url,
    adminKey,
    ready,
    async graphql<Data>(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: Data; errors?: unknown[] };
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data!;
    },
    logs: () => output,
    stop,
  };
}

/** A console user: what the sign-in form takes, and what `createUser` needs. */
export interface ConsoleUser {
  email: string;
  password: string;
  name: string;
  role: 'ADMIN' | 'AGENT';
}

/** Creates the user through `createUser`, as the bootstrap admin. */
export async function createUser(demo: ConsoleDemo, user: ConsoleUser): Promise<void> {
  await demo.graphql('mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', {
    input: { email: user.email, displayName: user.name, role: user.role, password: user.password },
  });
}

/** Fills and submits the console's sign-in form, which the page already shows. */
export async function submitSignIn(page: Page, user: Pick<ConsoleUser, 'email' | 'password'>): Promise<void> {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the console, signs in, and waits for the Inbox, the page every user lands on. */
export async function signIn(page: Page, demo: Pick<ConsoleDemo, 'url'>, user: Pick<ConsoleUser, 'email' | 'password'>): Promise<void> {
  await page.goto(`${demo.url}/console`);
  await submitSignIn(page, user);
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
}

/** Launches Debian's headless Chromium; a clear error says how to install it when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Pushes every Content-Security-Policy violation the page reports to its console into `into`. */
export function collectCspViolations(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) into.push(message.text());
  });
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, not as a <script>: the console's CSP would refuse an inline one.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const results = await axe.run(document);
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(' ')) }));
  });
}
