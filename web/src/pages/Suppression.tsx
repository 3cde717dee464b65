import { useState } from "react";
import { api, get, qs, type SuppressionRule } from "../api";
import { DangerButton, ErrorBox, fmtDate, HiddenHeader, Loading, Notice, useAsync } from "../components";
import { Link } from "../router";
import { accountName, isDelegatedAdmin, useSession, viewQuery } from "../session";

function describeFilters(f: Record<string, unknown>): string {
  const parts = Object.entries(f).map(([k, v]) => {
    if (Array.isArray(v)) return `${k} ∈ {${v.join(", ")}}`;
    if (v !== null && typeof v === "object") {
      const t = v as { key?: string; value?: string };
      return `${k} ${t.key}=${t.value}`;
    }
    return `${k} = ${String(v)}`;
  });
  return parts.length === 0 ? "every finding" : parts.join("; ");
}

export function SuppressionPage() {
  const s = useSession();
  const rules = useAsync(
    () => get<{ items: SuppressionRule[] }>(`/v1/suppression-rules${qs(viewQuery(s))}`),
    [s.view],
  );
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const remove = async (r: SuppressionRule) => {
    if (!window.confirm(`Delete the rule "${r.name}"? The findings it suppresses become active again.`))
      return;
    try {
      const res = await api<{ reactivated: number }>(
        "DELETE",
        `/v1/suppression-rules/${encodeURIComponent(r.id)}`,
      );
      setMessage(
        `Deleted "${r.name}"; ${res.reactivated} finding${res.reactivated === 1 ? "" : "s"} active again.`,
      );
      rules.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>Suppression rules</h1>
      <p className="muted">
        A rule suppresses the findings matching its filters, now and when they appear. Create one from the{" "}
        <Link href="/findings">findings</Link> page (select findings, then “Suppress”).
      </p>
      {message ? <Notice>{message}</Notice> : null}
      {error ? <ErrorBox error={error} /> : null}
      {rules.error ? <ErrorBox error={rules.error} what="Cannot list rules" /> : null}
      {rules.data === undefined ? (
        <Loading />
      ) : rules.data.items.length === 0 ? (
        <p>No suppression rules.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Reason</th>
              <th scope="col">Filters</th>
              {isDelegatedAdmin(s) ? <th scope="col">Account</th> : null}
              <th scope="col">Created</th>
              <HiddenHeader>Actions</HiddenHeader>
            </tr>
          </thead>
          <tbody>
            {rules.data.items.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.reason}</td>
                <td className="small">
                  <code className="wrap">{describeFilters(r.filters)}</code>
                </td>
                {isDelegatedAdmin(s) ? <td>{accountName(s, r.accountId)}</td> : null}
                <td className="small">{fmtDate(r.createdAt)}</td>
                <td>
                  <Link href={`/findings${qs({ status: "SUPPRESSED" })}`}>Suppressed findings</Link>{" "}
                  <DangerButton label={`Delete rule ${r.name}`} onClick={() => remove(r)}>
                    Delete
                  </DangerButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
