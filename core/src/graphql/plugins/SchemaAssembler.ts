import { parse, type GraphQLSchema } from 'graphql';
import { createSchema } from 'graphql-yoga';
import { errorMessage } from '../../util/errorMessage.js';
import { withFreshLoadersForMutations, type Resolvers } from '../coreResolvers.js';
import { onDemandFieldResolvers } from '../execution/onDemandFields.js';
import type { GraphQLServices } from '../GraphQLServices.js';
import { consoleTypeDefs } from '../consoleTypeDefs.js';
import { inboxTypeDefs } from '../inboxTypeDefs.js';
import { segmentTypeDefs } from '../segmentTypeDefs.js';
import { kpiTypeDefs } from '../kpiTypeDefs.js';
import { securityTypeDefs } from '../securityTypeDefs.js';
import { coreTypeDefs } from '../typeDefs.js';
import { webhookTypeDefs } from '../webhookTypeDefs.js';
import { checkPluginSchemas } from './checkPluginSchemas.js';
import { pluginFieldResolvers } from './pluginFieldResolvers.js';
import { readPluginSchemas, type PluginSchema } from './readPluginSchemas.js';

const coreDocument = parse(`${coreTypeDefs}\n${securityTypeDefs}\n${inboxTypeDefs}\n${segmentTypeDefs}\n${kpiTypeDefs}\n${consoleTypeDefs}\n${webhookTypeDefs}`);
const onDemandResolvers = onDemandFieldResolvers(coreDocument);

/**
 * Keeps the served schema equal to the core SDL plus the SDL of every plugin of the deployment
 * (see `PluginHost.graphqlContributions`), but those whose SDL could not join: a plugin's state
 * does not change the schema, its fields answer NOT_AVAILABLE while it cannot serve them, so
 * front-ends can generate types once per deployment.
 *
 * Rebuilding is lazy: changes only mark the schema dirty, and the next request rebuilds it, once,
 * whatever the number of changes in between. Each request also compares the set of contributing
 * plugins with the one the schema was built from, which is cheap. A request in flight keeps the
 * schema it started with. A plugin whose SDL is rejected is failed once and left out from then on.
 */
export class SchemaAssembler {
  private schema: GraphQLSchema | undefined;
  private builtFrom: string | undefined;
  private dirty = true;
  private building: Promise<GraphQLSchema> | undefined;
  /** Plugins whose SDL could not join the schema: failed once, left out from then on. */
  private readonly rejected = new Set<string>();

  constructor(
    private readonly services: GraphQLServices,
    private readonly coreResolvers: Resolvers[],
  ) {}

  /** Something about plugins changed: rebuild before the next request. */
  markDirty(): void {
    this.dirty = true;
  }

  /** The schema to serve now. */
  async current(): Promise<GraphQLSchema> {
    if (this.schema && !this.dirty && this.builtFrom === keyOf(this.contributions())) return this.schema;
    this.building ??= this.build().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private async build(): Promise<GraphQLSchema> {
    this.dirty = false;
    const { host, logger } = this.services;
    const contributions = this.contributions();
    const read = await readPluginSchemas(contributions);
    const { accepted, failures } = checkPluginSchemas(coreDocument, read.schemas);
    // A plugin whose schema cannot join fails alone; the others and the server go on.
    for (const failure of [...read.failures, ...failures]) {
      this.rejected.add(failure.plugin);
      await host.failPlugin(failure.plugin, failure.message);
    }
    let schema: GraphQLSchema;
    try {
      schema = this.executableSchema(accepted);
    } catch (error) {
      // checkPluginSchemas should have refused what cannot be built; never serve no schema at all.
      logger.error({ err: error }, `GraphQL: plugin schemas could not be combined (${errorMessage(error)}); serving the core schema only`);
      schema = this.executableSchema([]);
    }
    this.schema = schema;
    this.builtFrom = keyOf(contributions.filter((c) => accepted.some((a) => a.plugin === c.name)));
    logger.debug({ plugins: accepted.map((a) => a.plugin) }, 'GraphQL schema built');
    return schema;
  }

  private contributions(): { name: string; file: string }[] {
    return this.services.host.graphqlContributions().filter((contribution) => !this.rejected.has(contribution.name));
  }

  private executableSchema(plugins: readonly PluginSchema[]): GraphQLSchema {
    return createSchema({
      typeDefs: [coreDocument, ...plugins.map((plugin) => plugin.document)],
      resolvers: [onDemandResolvers, ...this.coreResolvers, ...withFreshLoadersForMutations(pluginFieldResolvers(this.services, plugins))],
    });
  }
}

function keyOf(contributions: readonly { name: string; file: string }[]): string {
  return JSON.stringify(contributions.map(({ name, file }) => [name, file]));
}
