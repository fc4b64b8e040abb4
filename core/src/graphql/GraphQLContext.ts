import type { YogaInitialContext } from 'graphql-yoga';
import type { Principal } from '../access/Principal.js';
import type { GraphQLServices } from './GraphQLServices.js';
import { createLoaders, type Loaders } from './loaders.js';

/** What every core resolver receives: the services, and this request's loaders. */
export interface GraphQLContext extends Partial<YogaInitialContext> {
  services: GraphQLServices;
  loaders: Loaders;
  /** The authenticated caller; undefined for an anonymous request (which may only log in). */
  principal?: Principal;
  /** The bearer token the caller presented (logout ends that session). */
  bearerToken?: string;
}

/** A fresh context per request, so loader caches never outlive one operation. */
export function createContext(services: GraphQLServices): Pick<GraphQLContext, 'services' | 'loaders'> {
  return { services, loaders: createLoaders(services) };
}
