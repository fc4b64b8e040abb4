/**
 * `@rapport/lib-satisfaction/testing`: the scaffolding a satisfaction plugin's tests share,
 * on the SDK's test host (a real in-memory core, so `@rapport/core` must be a dev dependency of
 * the package whose tests use it): start a host with the plugin on a fake clock, record
 * answers, read a score and the `score.changed` events.
 *
 * @packageDocumentation
 */
import { SURVEY_RESPONSE, type DeliveredEvent, type Interaction } from '@rapport/sdk';
import { createTestHost, FakeClock, type TestHost, type TestScore } from '@rapport/sdk/testing';

/**
 * Where {@link SatisfactionTestHosts} start their hosts from.
 *
 * @example
 * ```ts
 * const options: SatisfactionHostOptions = { plugin: '@rapport/plugin-scoring-csat', plugins: ['./plugins/scoring-csat'], baseDir: ROOT, now: '2026-03-01T09:00:00.000Z' };
 * ```
 */
export interface SatisfactionHostOptions {
  /** The name of the plugin under test, which `start({ settings })` gives its settings to. */
  plugin: string;
  /** The plugins to load, as a deployment's config names them (paths relative to `baseDir`). */
  plugins: string[];
  /** The directory plugin paths are relative to. */
  baseDir: string;
  /** The fake clock's start, e.g. `2026-03-01T09:00:00.000Z`. */
  now: string;
}

/**
 * What may differ between the hosts of one test file.
 *
 * @example
 * ```ts
 * await hosts.start({ settings: { window: 'P7D' }, plugins: ['./plugins/scoring-nps', './plugins/scoring-csat'] });
 * ```
 */
export interface SatisfactionStartOptions {
  /** Settings of the plugin under test. */
  settings?: Record<string, unknown>;
  /** Other plugins to load instead of the default list. */
  plugins?: string[];
  /** Activate `onStartup` plugins while starting (default true). */
  startup?: boolean;
}

/**
 * Starts test hosts for one plugin on a fake clock, and stops every one of them, for a test
 * file's `afterEach`.
 *
 * @example
 * ```ts
 * const hosts = new SatisfactionTestHosts({ plugin: CSAT, plugins: ['./plugins/scoring-csat'], baseDir: ROOT, now: START });
 * afterEach(() => hosts.stopAll());
 *
 * it('scores an answer', async () => {
 *   const host = await hosts.start();
 *   const { customerId } = await recordAnswer(host, { email: 'ada@example.com', metadata: { csat: 5 } });
 *   expect(await scoreOf(host, customerId, 'csat')).toMatchObject({ value: 100 });
 * });
 * ```
 */
export class SatisfactionTestHosts {
  private readonly running: TestHost[] = [];

  constructor(private readonly options: SatisfactionHostOptions) {}

  /** Starts a host with the plugins, their settings and a new fake clock at `now`. */
  async start(options: SatisfactionStartOptions = {}): Promise<TestHost> {
    const host = await createTestHost({
      plugins: options.plugins ?? this.options.plugins,
      baseDir: this.options.baseDir,
      clock: new FakeClock(this.options.now),
      ...(options.settings && { settings: { [this.options.plugin]: options.settings } }),
      ...(options.startup !== undefined && { startup: options.startup }),
    });
    this.running.push(host);
    return host;
  }

  /** Stops every host started so far. */
  async stopAll(): Promise<void> {
    for (const host of this.running.splice(0)) await host.stop();
  }
}

/**
 * An interaction for {@link recordAnswer}: a survey answer unless `type` says otherwise.
 *
 * @example
 * ```ts
 * const late: AnswerFields = { email: 'ada@example.com', channel: 'chat', metadata: { nps: 9 }, occurredAt: '2026-02-01T10:00:00Z' };
 * ```
 */
export interface AnswerFields {
  /** The customer's email, which finds or creates them. */
  email: string;
  /** The answer, e.g. `{ csat: 4 }`. */
  metadata?: Record<string, unknown>;
  /** The interaction type; `survey_response` by default. */
  type?: string;
  /** The channel; `email` by default. */
  channel?: string;
  /** When it happened; the host's now by default. */
  occurredAt?: string;
}

/**
 * Records a survey answer (or any interaction) INBOUND, and lets its event be delivered and
 * scored before it resolves.
 *
 * @example
 * ```ts
 * const { customerId } = await recordAnswer(host, { email: 'ada@example.com', metadata: { csat: 5 } });
 * ```
 */
export async function recordAnswer(host: TestHost, fields: AnswerFields): Promise<Interaction> {
  const interaction = await host.interactions.record({
    email: fields.email,
    channel: fields.channel ?? 'email',
    direction: 'INBOUND',
    type: fields.type ?? SURVEY_RESPONSE,
    ...(fields.metadata && { metadata: fields.metadata }),
    ...(fields.occurredAt && { occurredAt: fields.occurredAt }),
  });
  await host.advance(0);
  return interaction;
}

/**
 * The customer's stored score of `rule`, or `undefined` when they have none.
 *
 * @example
 * ```ts
 * expect(await scoreOf(host, customerId, 'nps')).toMatchObject({ value: 100, label: 'promoter' });
 * ```
 */
export async function scoreOf(host: TestHost, customerId: string, rule: string): Promise<TestScore | undefined> {
  return (await host.scores(customerId)).find((score) => score.rule === rule);
}

/**
 * Every `score.changed` event delivered so far, oldest first, without its id and time.
 *
 * @example
 * ```ts
 * expect(scoreChanges(host)).toEqual([{ customerId, rule: 'csat', value: 100, previousValue: null }]);
 * ```
 */
export function scoreChanges(host: TestHost): { customerId: string; rule: string; value: number; previousValue: number | null }[] {
  // host.events() is typed for any event type; these are score.changed events.
  return (host.events('score.changed') as DeliveredEvent<'score.changed'>[]).map(({ customerId, rule, value, previousValue }) => ({ customerId, rule, value, previousValue }));
}
