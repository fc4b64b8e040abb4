/**
 * A service identifier for an inversify container that carries the type of the service it names,
 * so that looking it up cannot silently return the wrong type. Declare a token and its interface
 * under one name, as Eclipse Theia does:
 *
 * @example
 * ```ts
 * export interface TierCalculator { tierOf(customerId: string): Promise<string> }
 * export const TierCalculator = serviceToken<TierCalculator>('acme.TierCalculator');
 *
 * ctx.container.bind(TierCalculator).toConstantValue(calculator);
 * const tiers = getService(ctx.container, TierCalculator); // typed as TierCalculator
 * ```
 */
export type ServiceToken<T> = symbol & { readonly __serviceType?: T };

/**
 * Creates the {@link ServiceToken} for a service. The same name always gives the same token
 * (`Symbol.for`), so a token survives being loaded twice (e.g. from `src/` and from `dist/`).
 *
 * @param name - a name unique to the service, e.g. `rapport.Customers` or `acme.TierCalculator`.
 */
export function serviceToken<T>(name: string): ServiceToken<T> {
  return Symbol.for(name) as ServiceToken<T>;
}

/** Anything a service can be looked up in: a container, or the context of a dynamic binding. */
export interface ServiceSource {
  get<T>(serviceIdentifier: symbol): T;
}

/**
 * Looks a service up by its token, typed by the token: `getService(container, Customers)` is a
 * `Customers`, never an `any` that a wrong token would also satisfy.
 *
 * @example
 * ```ts
 * const customers = getService(ctx.container, Customers);
 * ```
 */
export function getService<T>(source: ServiceSource, token: ServiceToken<T>): T {
  return source.get<T>(token);
}
