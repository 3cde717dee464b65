import { type FormEvent, useId, useState } from "react";
import { ErrorBox } from "../components";
import { type Who, whoAmI } from "../session";

export function SignInPage({
  onSignedIn,
  initialError,
}: {
  onSignedIn: (key: string, who: Who) => void;
  initialError: unknown;
}) {
  const id = useId();
  const [key, setKey] = useState("");
  const [error, setError] = useState<unknown>(initialError);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const k = key.trim();
    if (!/^vigil_\S+$/.test(k)) {
      setError(
        new Error("An API key starts with vigil_ (from `vigil accounts create` or Settings → API keys)."),
      );
      return;
    }
    setBusy(true);
    try {
      onSignedIn(k, await whoAmI(k));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="signin">
      <form onSubmit={submit} aria-describedby={`${id}-help`}>
        <h1>Sign in to Vigil</h1>
        <p id={`${id}-help`} className="muted">
          Paste an API key of your account. It is kept in this browser tab only (session storage) and sent to
          this server alone.
        </p>
        <label htmlFor="signin-key">API key</label>
        <input
          id="signin-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="vigil_…"
          required
        />
        {error === null || error === undefined ? null : <ErrorBox error={error} what="Cannot sign in" />}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
