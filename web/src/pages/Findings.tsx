import { type FormEvent, useEffect, useId, useState } from "react";
import {
  type AggregationGroup,
  api,
  FINDING_TYPES,
  type Finding,
  get,
  type Page,
  qs,
  RESOURCE_TYPES,
  type Resource,
} from "../api";
import {
  CodeOptions,
  ErrorBox,
  fmtDate,
  Loading,
  Notice,
  Pager,
  SeverityBadge,
  SeverityChecks,
  StatusBadge,
  useAsync,
  useCursors,
} from "../components";
import { Link, navigate, useLocation } from "../router";
import { accountName, isDelegatedAdmin, type Session, useSession, viewQuery, writeAccount } from "../session";

const PAGE_SIZE = 50;
const FILTER_KEYS = [
  "severity",
  "status",
  "vulnerabilityId",
  "packageName",
  "resourceType",
  "resourceId",
  "fixAvailable",
  "type",
  "minRisk",
  "maxRisk",
] as const;

const resourceCache = new Map<string, Promise<Resource | undefined>>();
/** A resource's name for display (cached for the session; undefined when it is gone). */
export function resourceOf(id: string): Promise<Resource | undefined> {
  let p = resourceCache.get(id);
  if (p === undefined) {
    p = get<Resource>(`/v1/resources/${encodeURIComponent(id)}`).catch(() => undefined);
    resourceCache.set(id, p);
  }
  return p;
}

export function useResourceNames(ids: string[]): Record<string, Resource | undefined> {
  const [names, setNames] = useState<Record<string, Resource | undefined>>({});
  const key = [...new Set(ids)].sort().join(",");
  useEffect(() => {
    let live = true;
    const unique = key === "" ? [] : key.split(",");
    Promise.all(unique.map(async (id) => [id, await resourceOf(id)] as const)).then((pairs) => {
      if (live) setNames(Object.fromEntries(pairs));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

function filtersFrom(query: URLSearchParams): Record<string, string> {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = query.get(k);
    if (v !== null && v !== "") f[k] = v;
  }
  return f;
}

/** The suppression-rule filters equal to the listing filters (status is not a rule filter). */
function ruleFilters(f: Record<string, string>): Record<string, unknown> {
  const list = (v: string | undefined) => (v === undefined ? undefined : v.split(","));
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return Object.fromEntries(
    Object.entries({
      severity: list(f.severity),
      vulnerabilityId: f.vulnerabilityId,
      packageName: f.packageName,
      resourceType: list(f.resourceType),
      resourceId: f.resourceId,
      fixAvailable: list(f.fixAvailable),
      findingType: list(f.type),
      minRisk: num(f.minRisk),
      maxRisk: num(f.maxRisk),
    }).filter(([, v]) => v !== undefined),
  );
}

function FilterForm({
  filters,
  sort,
}: {
  filters: Record<string, string>;
  sort: { sortBy: string; order: string };
}) {
  const id = useId();
  const [sev, setSev] = useState<string[]>(filters.severity?.split(",") ?? []);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const q: Record<string, string | string[]> = {};
    for (const [k, v] of data.entries()) {
      if (typeof v !== "string" || v.trim() === "") continue;
      if (k === "severity") continue;
      q[k] = v.trim();
    }
    if (sev.length > 0) q.severity = sev;
    navigate(`/findings${qs(q)}`);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter findings">
      <SeverityChecks legend="Severity" value={sev} onChange={setSev} short />
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} name="status" defaultValue={filters.status ?? ""}>
          <option value="">Active</option>
          <option value="SUPPRESSED">Suppressed</option>
          <option value="CLOSED">Closed</option>
          <option value="ACTIVE,SUPPRESSED,CLOSED">Any</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-vuln`}>Vulnerability id</label>
        <input
          id={`${id}-vuln`}
          name="vulnerabilityId"
          defaultValue={filters.vulnerabilityId ?? ""}
          placeholder="CVE-…"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-pkg`}>Package name</label>
        <input id={`${id}-pkg`} name="packageName" defaultValue={filters.packageName ?? ""} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-rtype`}>Resource type</label>
        <select id={`${id}-rtype`} name="resourceType" defaultValue={filters.resourceType ?? ""}>
          <option value="">Any</option>
          <CodeOptions codes={RESOURCE_TYPES} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-fix`}>Fix available</label>
        <select id={`${id}-fix`} name="fixAvailable" defaultValue={filters.fixAvailable ?? ""}>
          <option value="">Any</option>
          <option value="YES">Yes</option>
          <option value="PARTIAL">Partial</option>
          <option value="NO">No</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>Finding type</label>
        <select id={`${id}-type`} name="type" defaultValue={filters.type ?? ""}>
          <option value="">Any</option>
          <CodeOptions codes={FINDING_TYPES} />
        </select>
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-min`}>Min risk</label>
        <input
          id={`${id}-min`}
          name="minRisk"
          type="number"
          min={0}
          max={10}
          step={0.1}
          defaultValue={filters.minRisk ?? ""}
        />
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-max`}>Max risk</label>
        <input
          id={`${id}-max`}
          name="maxRisk"
          type="number"
          min={0}
          max={10}
          step={0.1}
          defaultValue={filters.maxRisk ?? ""}
        />
      </div>
      {filters.resourceId ? <input type="hidden" name="resourceId" value={filters.resourceId} /> : null}
      <div className="field">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select id={`${id}-sort`} name="sortBy" defaultValue={sort.sortBy}>
          <option value="risk">Risk score</option>
          <option value="severity">Severity</option>
          <option value="updatedAt">Last updated</option>
          <option value="firstObservedAt">First observed</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-order`}>Order</label>
        <select id={`${id}-order`} name="order" defaultValue={sort.order}>
          <option value="desc">Descending</option>
          <option value="asc">Ascending</option>
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <Link href="/findings" className="button">
          Clear
        </Link>
      </div>
    </form>
  );
}

function SuppressPanel({
  session,
  selected,
  filters,
  onDone,
  onCancel,
}: {
  session: Session;
  selected: Finding[];
  filters: Record<string, string>;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [mode, setMode] = useState<"selected" | "filter">(selected.length > 0 ? "selected" : "filter");
  const [reason, setReason] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === "") {
      setError(new Error("Give a reason: it is kept with the rule and shown on each suppressed finding."));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let suppressed = 0;
      let rules = 0;
      if (mode === "selected") {
        for (const f of selected) {
          const res = await api<{ suppressed: number }>("POST", "/v1/suppression-rules", {
            name: name.trim() || `Suppress ${f.vulnerabilityId}${f.package ? ` in ${f.package.name}` : ""}`,
            reason: reason.trim(),
            filters: {
              vulnerabilityId: f.vulnerabilityId,
              resourceId: f.resourceId,
              ...(f.package ? { packageName: f.package.name } : {}),
            },
            ...(isDelegatedAdmin(session) ? { accountId: f.accountId } : {}),
          });
          suppressed += res.suppressed;
          rules++;
        }
      } else {
        const res = await api<{ suppressed: number }>("POST", "/v1/suppression-rules", {
          name: name.trim() || "Suppress findings matching a dashboard filter",
          reason: reason.trim(),
          filters: ruleFilters(filters),
          ...(isDelegatedAdmin(session) ? { accountId: writeAccount(session) } : {}),
        });
        suppressed += res.suppressed;
        rules++;
      }
      onDone(
        `Created ${rules} suppression rule${rules === 1 ? "" : "s"}; ${suppressed} finding${suppressed === 1 ? "" : "s"} suppressed.`,
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Suppress findings</h2>
      <fieldset>
        <legend>Which findings</legend>
        <label className="check">
          <input
            type="radio"
            name="mode"
            checked={mode === "selected"}
            disabled={selected.length === 0}
            onChange={() => setMode("selected")}
          />
          The {selected.length} selected finding{selected.length === 1 ? "" : "s"} (one rule each:
          vulnerability on that resource)
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={mode === "filter"} onChange={() => setMode("filter")} />
          Every finding matching the current filters{" "}
          {mode === "filter" && !isDelegatedAdmin(session)
            ? ""
            : `(in ${accountName(session, writeAccount(session))})`}
        </label>
      </fieldset>
      <label htmlFor={`${id}-reason`}>Reason (required)</label>
      <textarea
        id={`${id}-reason`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        rows={2}
        required
      />
      <label htmlFor={`${id}-name`}>Rule name (optional)</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
      {error ? <ErrorBox error={error} what="Not suppressed" /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Suppressing…" : "Create suppression rule"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function FindingsPage() {
  const s = useSession();
  const loc = useLocation();
  const filters = filtersFrom(loc.query);
  const sort = { sortBy: loc.query.get("sortBy") ?? "risk", order: loc.query.get("order") ?? "desc" };
  const base = { ...viewQuery(s), ...filters };
  const key = qs({ ...base, ...sort });
  const [cursors, setCursors] = useCursors(key);
  const [selected, setSelected] = useState<Map<string, Finding>>(new Map());
  const [suppressing, setSuppressing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter clears the selection
  useEffect(() => setSelected(new Map()), [key]);
  const cursor = cursors.at(-1);
  const page = useAsync(
    () => get<Page<Finding>>(`/v1/findings${qs({ ...base, ...sort, limit: PAGE_SIZE, cursor })}`),
    [key, cursor],
  );
  const counts = useAsync(
    () => get<{ groups: AggregationGroup[] }>(`/v1/findings/aggregations${qs({ ...base, by: "severity" })}`),
    [key],
  );
  const names = useResourceNames((page.data?.items ?? []).map((f) => f.resourceId));
  const total = counts.data?.groups.reduce((n, g) => n + g.total, 0);
  const rowKey = (f: Finding) => `${f.resourceId}/${f.id}`;
  const items = page.data?.items ?? [];
  const allChecked = items.length > 0 && items.every((f) => selected.has(rowKey(f)));

  return (
    <>
      <h1 tabIndex={-1}>Findings</h1>
      <FilterForm key={key} filters={filters} sort={sort} />
      <div className="toolbar">
        <p aria-live="polite" className="count">
          {total === undefined
            ? "Counting…"
            : `${total.toLocaleString("en")} matching finding${total === 1 ? "" : "s"}`}
          {counts.data && total !== undefined && total > 0
            ? ` — ${counts.data.groups
                .map((g) => `${g.total.toLocaleString("en")} ${g.key.toLowerCase()}`)
                .join(", ")}`
            : ""}
        </p>
        <button type="button" onClick={() => setSuppressing(true)} disabled={suppressing}>
          Suppress{selected.size > 0 ? ` ${selected.size} selected` : "…"}
        </button>
      </div>
      {message ? <Notice>{message}</Notice> : null}
      {suppressing ? (
        <SuppressPanel
          session={s}
          selected={[...selected.values()]}
          filters={filters}
          onCancel={() => setSuppressing(false)}
          onDone={(m) => {
            setSuppressing(false);
            setMessage(m);
            setSelected(new Map());
            counts.reload();
            page.reload();
          }}
        />
      ) : null}
      {page.error ? <ErrorBox error={page.error} what="Cannot list findings" /> : null}
      <div className="table-wrap">
        <table className="findings" aria-busy={page.loading}>
          <caption className="sr-only">Findings, page {cursors.length}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select every finding on this page"
                  checked={allChecked}
                  onChange={(e) => {
                    const next = new Map(selected);
                    for (const f of items) {
                      if (e.target.checked) next.set(rowKey(f), f);
                      else next.delete(rowKey(f));
                    }
                    setSelected(next);
                  }}
                />
              </th>
              <th scope="col">Severity</th>
              <th scope="col">Risk</th>
              <th scope="col">Vulnerability</th>
              <th scope="col">Package</th>
              <th scope="col">Fixed in</th>
              <th scope="col">Resource</th>
              {isDelegatedAdmin(s) && s.view === null ? <th scope="col">Account</th> : null}
              <th scope="col">Status</th>
              <th scope="col">First seen</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => {
              const r = names[f.resourceId];
              return (
                <tr key={rowKey(f)}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${f.vulnerabilityId}${f.package ? ` in ${f.package.name}` : ""}`}
                      checked={selected.has(rowKey(f))}
                      onChange={(e) => {
                        const next = new Map(selected);
                        if (e.target.checked) next.set(rowKey(f), f);
                        else next.delete(rowKey(f));
                        setSelected(next);
                      }}
                    />
                  </td>
                  <td>
                    <SeverityBadge severity={f.severity} />
                  </td>
                  <td className="num">{f.risk.score.toFixed(1)}</td>
                  <td>
                    <Link href={`/findings/${encodeURIComponent(f.id)}`}>{f.vulnerabilityId}</Link>
                    {f.kev ? <span className="badge kev">KEV</span> : null}
                    <div className="muted small clip">{f.title}</div>
                  </td>
                  <td>
                    {f.package ? (
                      <>
                        {f.package.name} <span className="muted">{f.package.version}</span>
                      </>
                    ) : (
                      (f.eol?.product ?? "—")
                    )}
                  </td>
                  <td>
                    {f.fixedVersions.length > 0 ? (
                      f.fixedVersions.join(", ")
                    ) : (
                      <span className="muted">no fix</span>
                    )}
                  </td>
                  <td>
                    <Link href={`/resources/${encodeURIComponent(f.resourceId)}`}>
                      {r?.name ?? f.resourceId}
                    </Link>
                    <div className="muted small">{f.resourceType}</div>
                  </td>
                  {isDelegatedAdmin(s) && s.view === null ? <td>{accountName(s, f.accountId)}</td> : null}
                  <td>
                    <StatusBadge status={f.status} />
                  </td>
                  <td className="small">{fmtDate(f.firstObservedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {page.loading && items.length === 0 ? <Loading what="Loading findings" /> : null}
      {!page.loading && items.length === 0 && !page.error ? (
        <p className="muted">No findings match.</p>
      ) : null}
      <Pager cursors={cursors} nextCursor={page.data?.nextCursor} onChange={setCursors} />
    </>
  );
}
