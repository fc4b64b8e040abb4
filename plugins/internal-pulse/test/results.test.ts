import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { suppress, type TeamTally } from '../src/index.js';
import { answer, employees, latestTokens, results, startHost, startRound } from './support.js';

const group = (key: string, answers: number[], comments: string[] = []): TeamTally => ({ key, responses: answers.length, sum: answers.reduce((a, b) => a + b, 0), comments });
const shown = (rows: ReturnType<typeof suppress>) => rows.filter((row) => !row.suppressed).map((row) => row.key);

describe('suppression', () => {
  it('hides a team under minGroupSize and, with the total shown, the next-smallest team too (8, 6, 3)', () => {
    const rows = suppress([group('a', Array(8).fill(4)), group('b', Array(6).fill(2)), group('c', [1, 1, 1])], 5);
    expect(shown(rows)).toEqual(['a', 'all']);
    expect(rows.find((row) => row.key === 'c')).toEqual({ key: 'c', suppressed: true, responses: null, average: null, comments: null });
    expect(rows.find((row) => row.key === 'all')).toMatchObject({ responses: 17, average: 2.76 });
  });

  it('with teams of 8 and 3, shows only the total', () => {
    expect(shown(suppress([group('a', Array(8).fill(4)), group('c', [1, 2, 3])], 5))).toEqual(['all']);
  });

  it('needs no second suppression when the hidden teams pool at least minGroupSize answers', () => {
    // 3 + 3 hidden: total − shown gives only the pool of 6, never one team.
    expect(shown(suppress([group('a', Array(8).fill(4)), group('b', [1, 1, 1]), group('c', [5, 5, 5])], 5))).toEqual(['a', 'all']);
  });

  it('keeps suppressing until the hidden pool is big enough (two tiny teams: 1 and 2 answers)', () => {
    const rows = suppress([group('a', Array(9).fill(3)), group('b', Array(7).fill(3)), group('c', [1]), group('d', [2, 2])], 5);
    expect(shown(rows)).toEqual(['a', 'all']);
  });

  it('hides the total too when fewer than minGroupSize answered in all', () => {
    expect(shown(suppress([group('a', [1, 2]), group('b', [5])], 5))).toEqual([]);
  });

  it('shows every group when all reach the threshold, with comments only where figures are shown', () => {
    const rows = suppress([group('a', Array(5).fill(4), ['fine']), group('b', Array(6).fill(2), ['meh', 'bad'])], 5);
    expect(rows).toEqual([
      { key: 'a', suppressed: false, responses: 5, average: 4, comments: ['fine'] },
      { key: 'b', suppressed: false, responses: 6, average: 2, comments: ['bad', 'meh'] },
      { key: 'all', suppressed: false, responses: 11, average: 2.91, comments: ['bad', 'fine', 'meh'] },
    ]);
    const hidden = suppress([group('a', Array(5).fill(4), ['fine']), group('b', [2], ['only me'])], 5);
    // b's lone comment shows only pooled in the total of 6, once a is hidden too: nothing to subtract it from.
    expect(hidden.map((row) => [row.key, row.comments])).toEqual([['a', null], ['b', null], ['all', ['fine', 'only me']]]);
  });

  it('never lets total − Σ shown fall between 1 and minGroupSize − 1, over many random partitions', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 500; trial++) {
      const teams = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => group(`t${i}`, Array(Math.floor(random() * 12)).fill(3)));
      const rows = suppress(teams, 5);
      const total = rows.at(-1)!;
      for (const row of rows.slice(0, -1)) if (!row.suppressed) expect(row.responses).toBeGreaterThanOrEqual(5);
      if (total.suppressed) continue;
      const hiddenPool = total.responses! - rows.slice(0, -1).reduce((sum, row) => sum + (row.responses ?? 0), 0);
      expect(hiddenPool === 0 || hiddenPool >= 5).toBe(true);
    }
  });
});

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('pulseResults', () => {
  it('reports teams of 8, 6 and 3 (everyone answered) as 8 and the total, with their comments', async () => {
    host = await startHost();
    await employees(host, 'support', 8);
    await employees(host, 'sales', 6);
    await employees(host, 'logistics', 3);
    const round = await startRound(host);
    let i = 0;
    for (const [customerId, token] of latestTokens(host)) {
      const team = (await host.customers.get(customerId))!.attributes.team as string;
      const score = team === 'support' ? 4 : team === 'sales' ? 3 : 1;
      expect((await answer(host, { token, answer: score, comment: `${team} comment ${i++}` })).status).toBe(200);
    }
    const rows = await results(host, round.id);
    expect(rows.map((row) => [row.key, row.suppressed, row.responses])).toEqual([
      ['logistics', true, null],
      ['sales', true, null],
      ['support', false, 8],
      ['all', false, 17],
    ]);
    expect(rows[2]!.average).toBe(4);
    expect(rows[2]!.comments).toHaveLength(8);
    expect(rows[2]!.comments!.every((comment) => comment.startsWith('support comment'))).toBe(true);
    expect(rows[3]!.average).toBe(Math.round(((8 * 4 + 6 * 3 + 3) / 17) * 100) / 100);
  });

  it('refuses a groupBy other than team, and an unknown round, with codes', async () => {
    host = await startHost();
    const round = await startRound(host);
    const byOffice = await host.graphql(`{ pulseResults(round: "${round.id}", groupBy: "office") { key } }`);
    expect(byOffice.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('"team" only') });
    const unknown = await host.graphql('{ pulseResults(round: "nope") { key } }');
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const empty = await host.graphql('mutation { startPulseRound(input: { question: "  " }) { id } }');
    expect(empty.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('question is required') });
  });
});
