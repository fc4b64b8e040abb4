import type { Container } from 'inversify';
import type { ServiceToken } from '@rapport/sdk';

/**
 * `container.bind(token)` typed by the token, so that what it is bound to must be the token's
 * interface: `bindService(container, Clock).toConstantValue(logger)` does not compile.
 */
export function bindService<T>(container: Container, token: ServiceToken<T>) {
  return container.bind<T>(token);
}

/** `container.get(token)` typed by the token. */
export function resolveService<T>(container: Container, token: ServiceToken<T>): T {
  return container.get<T>(token);
}
