import { type FormEvent, useId, useState } from "react";
import { ApiError, api, get, qs } from "../api";
import {
  Card,
  DangerButton,
  ErrorBox,
  fmtDate,
  HiddenHeader,
  Loading,
  Notice,
  useAsync,
} from "../components";
import { accountName, isDelegatedAdmin, useSession, viewQuery, writeAccount } from "../session";

const SCAN_TYPE_LABELS: Record<string, string> = {
  host: "Hosts (OS and language packages)",
  image: "Container images",
  function: "Functions (dependencies)",
  functionCode: "Functions (code scanning)",
  repository: "Repositories",
};

/** The non-empty, trimmed items of a form's list (one per line, comma-separated…). */
function listOf(text: FormDataEntryValue | null, separator: string): string[] {
  return String(text ?? "")
    .split(separator)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/** A route another part of the service may not have yet: a 404 says so instead of failing the page. */
function Missing({ error, what }: { error: unknown; what: string }) {
  if (
    error instanceof ApiError &&
    error.status === 404 &&
    error.code === "NOT_FOUND" &&
    /no route/.test(error.message)
  ) {
    return (
      <Notice>
        This server has no {what} API yet ({error.message}). Upgrade the Vigil server to configure it here.
      </Notice>
    );
  }
  return <ErrorBox error={error} />;
}

function Activation() {
  const s = useSession();
  const act = useAsync(
    () =>
      get<{ items: { accountId: string; scanTypes: Record<string, "ENABLED" | "DISABLED"> }[] }>(
        `/v1/activation${qs({ accountIds: s.view ?? undefined })}`,
      ),
    [s.view],
  );
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const toggle = async (accountId: string, scanType: string, enable: boolean) => {
    setError(null);
    try {
      const res = await api<{ closedFindings: number }>(
        "POST",
        `/v1/activation/${enable ? "enable" : "disable"}`,
        {
          scanTypes: [scanType],
          ...(isDelegatedAdmin(s) ? { accountIds: [accountId] } : {}),
        },
      );
      setNote(
        `${SCAN_TYPE_LABELS[scanType] ?? scanType} ${enable ? "enabled" : `disabled; ${res.closedFindings} findings closed`} for ${accountName(s, accountId)}.`,
      );
      act.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card title="Scanning (activation per scan type)">
      {act.error ? <ErrorBox error={act.error} /> : null}
      {note ? <Notice>{note}</Notice> : null}
      {error ? <ErrorBox error={error} /> : null}
      {act.data === undefined ? (
        <Loading />
      ) : (
        act.data.items.map((a) => (
          <fieldset key={a.accountId} className="switches">
            <legend>{accountName(s, a.accountId)}</legend>
            {Object.entries(a.scanTypes).map(([t, state]) => (
              <label key={t} className="check">
                <input
                  type="checkbox"
                  checked={state === "ENABLED"}
                  onChange={(e) => toggle(a.accountId, t, e.target.checked)}
                />
                {SCAN_TYPE_LABELS[t] ?? t}
              </label>
            ))}
          </fieldset>
        ))
      )}
    </Card>
  );
}

interface Registry {
  id: string;
  accountId: string;
  name: string;
  url: string;
  inclusionRules: string[];
  pollIntervalMinutes?: number;
  lastListedAt?: string | null;
  lastError?: string | null;
}

function RegistryRow({
  registry: r,
  onChange,
  onError,
}: {
  registry: Registry;
  onChange: () => void;
  onError: (e: unknown) => void;
}) {
  const id = useId();
  const [rules, setRules] = useState(r.inclusionRules.join("\n"));
  const save = async () => {
    try {
      await api("PUT", `/v1/registries/${encodeURIComponent(r.id)}`, {
        inclusionRules: listOf(rules, "\n"),
      });
      onChange();
    } catch (e) {
      onError(e);
    }
  };
  const remove = async () => {
    if (!window.confirm(`Remove the registry "${r.name}"? Its images stop being scanned.`)) return;
    try {
      await api("DELETE", `/v1/registries/${encodeURIComponent(r.id)}`);
      onChange();
    } catch (e) {
      onError(e);
    }
  };
  return (
    <tr>
      <td>{r.name}</td>
      <td>
        <code className="wrap">{r.url}</code>
      </td>
      <td>
        <label htmlFor={id} className="sr-only">
          Inclusion rules of {r.name} (one per line)
        </label>
        <textarea
          id={id}
          rows={2}
          value={rules}
          onChange={(e) => setRules(e.target.value)}
          placeholder="every repository"
        />
        <button type="button" onClick={save}>
          Save rules
        </button>
      </td>
      <td className="small">
        {fmtDate(r.lastListedAt)}
        {r.lastError ? <div className="error small">{r.lastError}</div> : null}
      </td>
      <td>
        <DangerButton label={`Remove registry ${r.name}`} onClick={remove}>
          Remove
        </DangerButton>
      </td>
    </tr>
  );
}

function Registries() {
  const s = useSession();
  const id = useId();
  const regs = useAsync(() => get<{ items: Registry[] }>(`/v1/registries${qs(viewQuery(s))}`), [s.view]);
  const conf = useAsync(
    () =>
      get<{ imageRescan: { pushDate: string; pullDate: string } }>(`/v1/configuration${qs(viewQuery(s))}`),
    [s.view],
  );
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const saveConf = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setError(null);
    try {
      await api("PUT", `/v1/configuration${qs(isDelegatedAdmin(s) ? { accountId: writeAccount(s) } : {})}`, {
        ...(conf.data ?? {}),
        imageRescan: { pushDate: data.get("pushDate"), pullDate: data.get("pullDate") },
      });
      setNote("Rescan durations saved.");
      conf.reload();
    } catch (err) {
      setError(err);
    }
  };
  const addRegistry = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setError(null);
    const rules = listOf(data.get("inclusionRules"), "\n");
    try {
      await api("POST", "/v1/registries", {
        name: data.get("name"),
        url: data.get("url"),
        ...(rules.length > 0 ? { inclusionRules: rules } : {}),
        ...(String(data.get("username") ?? "") === "" ? {} : { username: data.get("username") }),
        ...(String(data.get("password") ?? "") === "" ? {} : { password: data.get("password") }),
        ...(isDelegatedAdmin(s) ? { accountId: writeAccount(s) } : {}),
      });
      form.reset();
      setNote("Registry added.");
      regs.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card title="Registries, inclusion rules and image rescan" wide>
      {note ? <Notice>{note}</Notice> : null}
      {error ? <ErrorBox error={error} /> : null}
      <h3>Image rescan durations</h3>
      {conf.error ? (
        <Missing error={conf.error} what="configuration" />
      ) : conf.data === undefined ? (
        <Loading />
      ) : (
        <form onSubmit={saveConf} className="inline-form" aria-label="Image rescan durations">
          <label htmlFor={`${id}-push`}>Monitor images pushed within</label>
          <select id={`${id}-push`} name="pushDate" defaultValue={conf.data.imageRescan.pushDate}>
            {["DAYS_14", "DAYS_30", "DAYS_60", "DAYS_90", "DAYS_180", "LIFETIME"].map((d) => (
              <option key={d} value={d}>
                {d === "LIFETIME" ? "Lifetime" : `${d.slice(5)} days`}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-pull`}>or pulled within</label>
          <select id={`${id}-pull`} name="pullDate" defaultValue={conf.data.imageRescan.pullDate}>
            {["DAYS_14", "DAYS_30", "DAYS_60", "DAYS_90", "DAYS_180"].map((d) => (
              <option key={d} value={d}>
                {d.slice(5)} days
              </option>
            ))}
          </select>
          <button type="submit">Save durations</button>
        </form>
      )}
      <h3>Registries</h3>
      {regs.error ? (
        <Missing error={regs.error} what="registries" />
      ) : regs.data === undefined ? (
        <Loading />
      ) : (
        <>
          {regs.data.items.length === 0 ? (
            <p className="muted">No registries.</p>
          ) : (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">URL</th>
                  <th scope="col">Inclusion rules</th>
                  <th scope="col">Last listed</th>
                  <HiddenHeader>Actions</HiddenHeader>
                </tr>
              </thead>
              <tbody>
                {regs.data.items.map((r) => (
                  <RegistryRow key={r.id} registry={r} onChange={regs.reload} onError={setError} />
                ))}
              </tbody>
            </table>
          )}
          <form onSubmit={addRegistry} aria-label="Add a registry">
            <div className="field">
              <label htmlFor={`${id}-rn`}>Registry name</label>
              <input id={`${id}-rn`} name="name" required />
            </div>
            <div className="field">
              <label htmlFor={`${id}-ru`}>Registry URL</label>
              <input
                id={`${id}-ru`}
                name="url"
                type="url"
                placeholder="https://registry.example.com"
                required
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-rus`}>User name (optional)</label>
              <input id={`${id}-rus`} name="username" autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-rpw`}>Password or token (optional)</label>
              <input id={`${id}-rpw`} name="password" type="password" autoComplete="new-password" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-ri`}>Inclusion rules (one per line; none: every repository)</label>
              <textarea id={`${id}-ri`} name="inclusionRules" rows={2} />
            </div>
            <button type="submit">Add registry</button>
          </form>
        </>
      )}
    </Card>
  );
}

interface Webhook {
  id: string;
  accountId: string;
  url: string;
  eventTypes: string[];
  createdAt: string;
}

function Webhooks() {
  const s = useSession();
  const id = useId();
  const hooks = useAsync(() => get<{ items: Webhook[] }>(`/v1/webhooks${qs(viewQuery(s))}`), [s.view]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const types = listOf(data.get("eventTypes"), ",");
    setError(null);
    try {
      const res = await api<{ secret: string }>("POST", "/v1/webhooks", {
        url: data.get("url"),
        ...(types.length > 0 ? { eventTypes: types } : {}),
        ...(isDelegatedAdmin(s) ? { accountId: writeAccount(s) } : {}),
      });
      setSecret(res.secret);
      form.reset();
      hooks.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (w: Webhook) => {
    try {
      await api("DELETE", `/v1/webhooks/${encodeURIComponent(w.id)}`);
      hooks.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card title="Webhooks">
      {hooks.error ? <ErrorBox error={hooks.error} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {secret ? (
        <Notice>
          Signing secret (shown once): <code>{secret}</code>
        </Notice>
      ) : null}
      {hooks.data === undefined ? (
        <Loading />
      ) : hooks.data.items.length === 0 ? (
        <p className="muted">No webhooks.</p>
      ) : (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Created</th>
              <HiddenHeader>Actions</HiddenHeader>
            </tr>
          </thead>
          <tbody>
            {hooks.data.items.map((w) => (
              <tr key={w.id}>
                <td>
                  <code className="wrap">{w.url}</code>
                </td>
                <td>{w.eventTypes.length === 0 ? "all" : w.eventTypes.join(", ")}</td>
                <td className="small">{fmtDate(w.createdAt)}</td>
                <td>
                  <DangerButton label={`Delete webhook ${w.url}`} onClick={() => remove(w)}>
                    Delete
                  </DangerButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={add} aria-label="Add a webhook">
        <div className="field">
          <label htmlFor={`${id}-u`}>Webhook URL</label>
          <input
            id={`${id}-u`}
            name="url"
            type="url"
            required
            placeholder="https://hooks.example.com/vigil"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-t`}>Event types (comma-separated; none: all)</label>
          <input id={`${id}-t`} name="eventTypes" placeholder="finding.created, finding.closed" />
        </div>
        <button type="submit">Add webhook</button>
      </form>
    </Card>
  );
}

interface ApiKey {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

function ApiKeys() {
  const id = useId();
  const keys = useAsync(() => get<{ items: ApiKey[] }>("/v1/keys"), []);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setError(null);
    try {
      const k = await api<{ key: string }>("POST", "/v1/keys", { name: new FormData(form).get("name") });
      setCreated(k.key);
      form.reset();
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (k: ApiKey) => {
    if (!window.confirm(`Revoke the key "${k.name}"? Anything using it stops working.`)) return;
    try {
      await api("DELETE", `/v1/keys/${encodeURIComponent(k.id)}`);
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card title="API keys (this account)">
      {keys.error ? <ErrorBox error={keys.error} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {created ? (
        <Notice>
          New key (shown once, copy it now): <code className="wrap">{created}</code>
        </Notice>
      ) : null}
      {keys.data === undefined ? (
        <Loading />
      ) : (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <HiddenHeader>Actions</HiddenHeader>
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td className="small">{fmtDate(k.createdAt)}</td>
                <td>{k.revokedAt ? `revoked ${fmtDate(k.revokedAt)}` : "active"}</td>
                <td>
                  {k.revokedAt ? null : (
                    <DangerButton label={`Revoke key ${k.name}`} onClick={() => revoke(k)}>
                      Revoke
                    </DangerButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={add} className="inline-form" aria-label="New API key">
        <label htmlFor={`${id}-n`}>New key name</label>
        <input id={`${id}-n`} name="name" required maxLength={100} />
        <button type="submit">Create key</button>
      </form>
    </Card>
  );
}

export function SettingsPage() {
  return (
    <>
      <h1 tabIndex={-1}>Settings</h1>
      <div className="grid">
        <Activation />
        <Registries />
        <Webhooks />
        <ApiKeys />
      </div>
    </>
  );
}
