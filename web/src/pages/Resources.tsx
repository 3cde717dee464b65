import { useId } from "react";
import { type DeployedFunction, get, type Page, qs, RESOURCE_TYPES, type Resource } from "../api";
import {
  ErrorBox,
  fmtDate,
  humanize,
  Loading,
  Pager,
  plural,
  StatusBadge,
  useAsync,
  useCursors,
} from "../components";
import { Link, navigate, useLocation } from "../router";
import { accountName, isDelegatedAdmin, useSession, viewQuery } from "../session";

export function scanMode(r: Resource): string {
  if (r.scanMode === "AGENT") return "Agent";
  if (r.scanMode === "AGENTLESS") return "Agentless (SSH)";
  if (r.collector?.kind === "agent") return "Agent";
  if (r.collector?.kind === "agentless") return "Agentless (SSH)";
  if (r.collector?.kind === "ci") return "CI / submitted";
  if (r.type === "image") return "Registry scan";
  return r.inventoryAt === null ? "—" : "Submitted inventory";
}

/** Who collected the inventory: kind, version, kernel (hosts), when the agent last reported. */
export function Collector({ r }: { r: Resource }) {
  if (r.collector == null) return null;
  const c = r.collector;
  return (
    <div className="muted small">
      {c.kind} collector{c.version ? ` ${c.version}` : ""}
      {c.kernel ? `, kernel ${c.kernel}` : ""}
      {r.lastAgentSeenAt ? `, agent seen ${fmtDate(r.lastAgentSeenAt)}` : ""}
    </div>
  );
}

export function Tags({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="tags">
      {entries.map(([k, v]) => (
        <li key={k}>
          {k}={v}
        </li>
      ))}
    </ul>
  );
}

export function ResourcesPage() {
  const s = useSession();
  const loc = useLocation();
  const id = useId();
  const type = loc.query.get("type") ?? "";
  const coverageStatus = loc.query.get("coverageStatus") ?? "";
  const key = `${type}|${coverageStatus}|${s.view}`;
  const [cursors, setCursors] = useCursors(key);
  const cursor = cursors.at(-1);
  const page = useAsync(
    () =>
      get<Page<Resource>>(`/v1/resources${qs({ ...viewQuery(s), type, coverageStatus, limit: 50, cursor })}`),
    [key, cursor],
  );
  // Functions: their runtime and version come from the functions API (one request, when listed).
  const hasFunctions = (page.data?.items ?? []).some((r) => r.type === "function");
  const functions = useAsync(
    async () =>
      hasFunctions
        ? (await get<Page<DeployedFunction>>(`/v1/functions${qs({ ...viewQuery(s), limit: 500 })}`)).items
        : [],
    [key, hasFunctions],
  );
  const fnByResource = new Map((functions.data ?? []).map((f) => [f.resource.id, f]));
  const set = (k: string, v: string) => {
    const q = new URLSearchParams(loc.query);
    if (v === "") q.delete(k);
    else q.set(k, v);
    navigate(`/resources${q.size > 0 ? `?${q}` : ""}`);
  };
  return (
    <>
      <h1 tabIndex={-1}>Resources</h1>
      <fieldset className="tabs">
        <legend className="sr-only">Resource type</legend>
        {["", ...RESOURCE_TYPES].map((t) => (
          <button key={t} type="button" aria-pressed={type === t} onClick={() => set("type", t)}>
            {t === "" ? "All" : `${plural(t)}`}
          </button>
        ))}
      </fieldset>
      <div className="filters inline">
        <div className="field">
          <label htmlFor={`${id}-cov`}>Coverage</label>
          <select
            id={`${id}-cov`}
            value={coverageStatus}
            onChange={(e) => set("coverageStatus", e.target.value)}
          >
            <option value="">Any</option>
            <option value="SCANNING">Scanning</option>
            <option value="NOT_SCANNING">Not scanning</option>
          </select>
        </div>
      </div>
      {page.error ? <ErrorBox error={page.error} what="Cannot list resources" /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Coverage</th>
              <th scope="col">Scan mode</th>
              <th scope="col">Tags</th>
              <th scope="col">Last scan</th>
              {isDelegatedAdmin(s) && s.view === null ? <th scope="col">Account</th> : null}
            </tr>
          </thead>
          <tbody>
            {(page.data?.items ?? []).map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/resources/${encodeURIComponent(r.id)}`}>{r.name}</Link>
                </td>
                <td>{r.type}</td>
                <td>
                  <StatusBadge status={r.coverage.status} />
                  {r.coverage.reason ? (
                    <div className="muted small">{humanize(r.coverage.reason)}</div>
                  ) : null}
                </td>
                <td>
                  <span>{scanMode(r)}</span>
                  <Collector r={r} />
                  {fnByResource.has(r.id) ? (
                    <div className="muted small">
                      runtime {fnByResource.get(r.id)?.runtime}, version {fnByResource.get(r.id)?.version}
                    </div>
                  ) : null}
                </td>
                <td>
                  <Tags tags={r.tags} />
                </td>
                <td className="small">{fmtDate(r.lastScannedAt)}</td>
                {isDelegatedAdmin(s) && s.view === null ? <td>{accountName(s, r.accountId)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.loading ? <Loading what="Loading resources" /> : null}
      {!page.loading && page.data?.items.length === 0 ? <p className="muted">No resources.</p> : null}
      <Pager cursors={cursors} nextCursor={page.data?.nextCursor} onChange={setCursors} />
    </>
  );
}
