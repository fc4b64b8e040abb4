import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConsoleClient } from './client.js';

/** The signed-in user, as `login` answered. */
export interface SignedInUser {
  id: string;
  email: string;
  displayName?: string | null;
  role: string;
}

/** A signed-in session: the user and the client that carries their token. */
export interface Session {
  user: SignedInUser;
  client: ConsoleClient;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

/** The session of a signed-in page (pages render only inside one). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
