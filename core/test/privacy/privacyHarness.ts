import { pino } from 'pino';
import { FakeClock } from '@rapport/sdk/testing';
import { createGraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import type { Kernel } from '../../src/kernel/createKernel.js';
import type { GraphQLResult, Json } from '../graphql/graphqlHarness.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import type { TestDatabaseKind } from '../support/testDatabases.js';

/**
 * The whole core on a fresh database (plugin storage in the database, as in production, so the
 * plugins' data lands in the database files), fixture plugins loaded and migrated, and the
 * GraphQL API on a real HTTP server, called with an ADMIN key.
 */
export interface PrivacyHarness {
  kernel: Kernel;
  harness: KernelHarness;
  clock: FakeClock;
  gql<T = Record<string, Json>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** The GraphQL server's error log lines (an unexpected error's cause is there, not in the response). */
  errors: string[];
  /** Like gql, but fails the test on any error, returning data. */
  data<T = Record<string, Json>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Delivers the events and runs the workflows due now. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function createPrivacyHarness(kind: TestDatabaseKind, plugins: string[]): Promise<PrivacyHarness> {
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  const harness = await createKernelHarness(kind, plugins, { clock });
  const { kernel } = harness;
  // The server's own log, so that a test failing on an unexpected error shows what it was.
  const errors: string[] = [];
  const server = createGraphQLServer({ ...kernel, logger: pino({ level: 'error' }, { write: (line: string) => void errors.push(line) }) });
  const url = `${await harness.serve([(request, response) => server.handle(request, response)])}/graphql`;
  const { token } = await kernel.apiKeys.create({ name: 'privacy-officer', role: 'ADMIN' });

  async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult<T>;
  }

  return {
    kernel,
    harness,
    clock,
    gql,
    errors,
    async data<T>(query: string, variables?: Record<string, unknown>) {
      const result = await gql<T>(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}\n${errors.join('')}`);
      return result.data as T;
    },
    async settle() {
      await kernel.dispatcher.dispatch();
      await kernel.workflows.runDue();
      await kernel.dispatcher.dispatch();
    },
    async close() {
      await server.close();
      await kernel.audit.stop();
      await harness.close();
    },
  };
}
