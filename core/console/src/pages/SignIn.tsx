import { useState } from 'preact/hooks';
import { errorMessage } from '../format.js';

/**
 * The sign-in form. Its labels ("Email", "Password") and button ("Sign in") are contract §15:
 * tests outside the repository find them by name.
 */
export function SignIn(props: { onSignIn(email: string, password: string): Promise<void>; notice?: string | undefined }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      await props.onSignIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  }

  return (
    <main class="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Rapport console</h1>
        {props.notice && (
          <p class="notice" role="status">
            {props.notice}
          </p>
        )}
        <label for="sign-in-email">Email</label>
        <input id="sign-in-email" name="email" type="email" autocomplete="username" required />
        <label for="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <p class="hint">The session is kept in this page only: reloading it asks you to sign in again.</p>
      </form>
    </main>
  );
}
