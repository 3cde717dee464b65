import { useId, useState } from "react";
import {
  type AggregationGroup,
  api,
  download,
  type ExportJob,
  get,
  qs,
  type Resource,
  SEVERITIES,
  saveBlob,
  waitForExport,
} from "../api";
import {
  Card,
  DateEntry,
  ErrorBox,
  humanize,
  Loading,
  SeverityBadge,
  SeverityBars,
  StatusBadge,
  useAsync,
} from "../components";
import { Link } from "../router";
import { accountName, useSession } from "../session";
import { scanMode, Tags } from "./Resources";

interface CdxComponent {
  "bom-ref"?: string;
  name?: string;
  version?: string;
  purl?: string;
  type?: string;
  licenses?: { license?: { id?: string; name?: string }; expression?: string }[];
}

function SbomExport({ resource }: { resource: Resource }) {
  const id = useId();
  const [format, setFormat] = useState("cyclonedx");
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    setError(null);
    try {
      const created = await api<ExportJob>("POST", "/v1/sbom-exports", { format, resourceId: resource.id });
      setJob(created);
      const done = await waitForExport(`/v1/sbom-exports/${created.id}`, setJob);
      if (done.status === "SUCCEEDED" && done.downloadPath)
        await download(done.downloadPath, `sbom.${format}.json`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="inline-form">
      <label htmlFor={id}>SBOM format</label>
      <select id={id} value={format} onChange={(e) => setFormat(e.target.value)}>
        <option value="cyclonedx">CycloneDX 1.6 JSON</option>
        <option value="spdx">SPDX 2.3 JSON</option>
      </select>
      <button
        type="button"
        className="primary"
        onClick={start}
        disabled={job !== null && (job.status === "QUEUED" || job.status === "RUNNING")}
      >
        Export SBOM
      </button>
      {job ? (
        <span role="status" className="muted">
          Export {job.status.toLowerCase()}
          {job.error ? `: ${job.error}` : ""}
        </span>
      ) : null}
      {error ? <ErrorBox error={error} what="SBOM export failed" /> : null}
    </div>
  );
}

export function ResourceDetailPage({ id }: { id: string }) {
  const s = useSession();
  const r = useAsync(() => get<Resource>(`/v1/resources/${encodeURIComponent(id)}`), [id]);
  const inv = useAsync(
    () =>
      get<{ components?: CdxComponent[]; metadata?: unknown }>(
        `/v1/resources/${encodeURIComponent(id)}/inventory`,
      ).catch(() => null),
    [id],
  );
  const counts = useAsync(
    () =>
      get<{ groups: AggregationGroup[] }>(
        `/v1/findings/aggregations${qs({ by: "resource", resourceId: id, limit: 1, accountId: r.data?.accountId })}`,
      ),
    [id, r.data?.accountId],
  );
  const [filter, setFilter] = useState("");
  const filterId = useId();
  if (r.error) {
    return (
      <>
        <h1 tabIndex={-1}>Resource</h1>
        <ErrorBox error={r.error} what="Cannot show this resource" />
      </>
    );
  }
  if (r.data === undefined) return <Loading what="Loading the resource" />;
  const x = r.data;
  const comps = (inv.data?.components ?? []).filter((c) => c.type !== "operating-system");
  const shown = comps.filter(
    (c) => filter === "" || `${c.name} ${c.version} ${c.purl}`.toLowerCase().includes(filter.toLowerCase()),
  );
  const g = counts.data?.groups[0];
  return (
    <>
      <p className="crumbs">
        <Link href="/resources">Resources</Link> ›
      </p>
      <h1 tabIndex={-1}>{x.name}</h1>
      <div className="grid">
        <Card title="Resource">
          <dl>
            <dt>Type</dt>
            <dd>{humanize(x.type)}</dd>
            <dt>Account</dt>
            <dd>{accountName(s, x.accountId)}</dd>
            <dt>Coverage</dt>
            <dd>
              <StatusBadge status={x.coverage.status} />{" "}
              {x.coverage.reason
                ? `${humanize(x.coverage.reason)}${x.coverage.detail ? `: ${x.coverage.detail}` : ""}`
                : null}
            </dd>
            <dt>Scan mode</dt>
            <dd>
              {scanMode(x)}
              {x.collector?.version ? ` (Vigil ${x.collector.version})` : ""}
            </dd>
            <dt>Tags</dt>
            <dd>
              <Tags tags={x.tags} />
            </dd>
            <DateEntry term="Last scan" iso={x.lastScannedAt} />
            <DateEntry term="Inventory received" iso={x.inventoryAt} />
            <DateEntry term="Pushed" iso={x.pushedAt} optional />
          </dl>
        </Card>
        <Card title="Active findings">
          {g === undefined ? (
            counts.loading ? (
              <Loading />
            ) : (
              <p>No active findings.</p>
            )
          ) : (
            <>
              <SeverityBars
                label="Active findings by severity"
                rows={[{ key: x.id, label: "", counts: g.counts, total: g.total }]}
              />
              <p>
                {SEVERITIES.filter((sev) => g.counts[sev] > 0).map((sev) => (
                  <span key={sev}>
                    <SeverityBadge severity={sev} /> {g.counts[sev]}{" "}
                  </span>
                ))}
              </p>
            </>
          )}
          <p>
            <Link href={`/findings${qs({ resourceId: x.id })}`}>Show the findings of this resource</Link>
          </p>
        </Card>
      </div>
      <Card
        title={`Inventory (${comps.length} packages)`}
        actions={
          inv.data ? (
            <button
              type="button"
              onClick={() =>
                saveBlob(
                  new Blob([JSON.stringify(inv.data, null, 2)], { type: "application/json" }),
                  `${x.name.replace(/[^\w.-]+/g, "_")}.cdx.json`,
                )
              }
            >
              Download inventory (CycloneDX)
            </button>
          ) : null
        }
      >
        <SbomExport resource={x} />
        {inv.loading ? <Loading what="Loading the inventory" /> : null}
        {inv.data === null ? <p className="muted">No inventory yet.</p> : null}
        {comps.length > 0 ? (
          <>
            <div className="field">
              <label htmlFor={filterId}>Filter packages</label>
              <input id={filterId} value={filter} onChange={(e) => setFilter(e.target.value)} />
            </div>
            <div className="table-wrap tall">
              <table className="compact">
                <thead>
                  <tr>
                    <th scope="col">Package</th>
                    <th scope="col">Version</th>
                    <th scope="col">Licenses</th>
                    <th scope="col">Package URL</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((c) => (
                    <tr key={c["bom-ref"] ?? `${c.purl ?? c.name}@${c.version}`}>
                      <td>{c.name}</td>
                      <td>
                        <code>{c.version}</code>
                      </td>
                      <td className="small">
                        {(c.licenses ?? [])
                          .map((l) => l.expression ?? l.license?.id ?? l.license?.name)
                          .filter(Boolean)
                          .join(", ") || "—"}
                      </td>
                      <td className="small">
                        <code className="wrap">{c.purl}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </Card>
    </>
  );
}
