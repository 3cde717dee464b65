import { type FormEvent, useEffect, useId, useState } from "react";
import { api, download, type ExportJob, get, qs, RESOURCE_TYPES, waitForExport } from "../api";
import {
  Card,
  CodeOptions,
  ErrorBox,
  fmtDate,
  HiddenHeader,
  Loading,
  plural,
  SeverityChecks,
  StatusBadge,
} from "../components";
import { accountName, isDelegatedAdmin, useSession, writeAccount } from "../session";

interface ExportList {
  items: (ExportJob & { accountId: string })[];
  nextCursor: string | null;
}

export function ExportsPage() {
  const s = useSession();
  const id = useId();
  const [jobs, setJobs] = useState<(ExportJob & { accountId?: string })[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [listing, setListing] = useState<"loading" | "done" | "failed">("loading");
  const [error, setError] = useState<unknown>(null);
  const [sev, setSev] = useState<string[]>([]);
  // An export belongs to the account that asked for it (the caller), whichever accounts it covers.
  const update = (e: ExportJob) =>
    setJobs((js) => [
      { accountId: s.account.id, ...js.find((j) => j.id === e.id), ...e },
      ...js.filter((j) => j.id !== e.id),
    ]);
  const path = (e: ExportJob) => `/v1/${e.kind === "findings-report" ? "reports" : "sbom-exports"}/${e.id}`;
  // Every export the caller sees (its own; a delegated administrator's members' too), newest first
  // (`GET /v1/exports`): exports are owned by who asked, not by the account in view. Running ones are followed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once on mount
  useEffect(() => {
    const stop = new AbortController();
    setListing("loading");
    get<ExportList>(`/v1/exports${qs({ limit: 50 })}`)
      .then((page) => {
        if (stop.signal.aborted) return;
        setJobs(page.items);
        setNext(page.nextCursor);
        setListing("done");
        for (const j of page.items) {
          if (j.status === "QUEUED" || j.status === "RUNNING")
            waitForExport(path(j), update, stop.signal).catch(() => undefined);
        }
      })
      .catch((err: unknown) => {
        if (stop.signal.aborted) return;
        setListing("failed");
        setError(err);
      });
    return () => stop.abort();
  }, []);
  const older = async () => {
    if (next === null) return;
    try {
      const page = await get<ExportList>(`/v1/exports${qs({ limit: 50, cursor: next })}`);
      setJobs((js) => [...js, ...page.items.filter((i) => !js.some((j) => j.id === i.id))]);
      setNext(page.nextCursor);
    } catch (err) {
      setError(err);
    }
  };
  const showAccount = isDelegatedAdmin(s);
  const accountIds = isDelegatedAdmin(s)
    ? { accountIds: s.view === null ? undefined : [writeAccount(s)] }
    : {};

  const startReport = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const data = new FormData(e.currentTarget);
    const filter: Record<string, unknown> = { ...accountIds };
    if (sev.length > 0) filter.severity = sev;
    const status = String(data.get("status") ?? "");
    if (status !== "") filter.status = status.split(",");
    const rt = String(data.get("resourceType") ?? "");
    if (rt !== "") filter.resourceType = [rt];
    try {
      const job = await api<ExportJob>("POST", "/v1/reports", { format: data.get("format"), filter });
      update(job);
      await waitForExport(path(job), update);
    } catch (err) {
      setError(err);
    }
  };
  const startSbom = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const data = new FormData(e.currentTarget);
    const rt = String(data.get("resourceType") ?? "");
    try {
      const job = await api<ExportJob>("POST", "/v1/sbom-exports", {
        format: data.get("format"),
        ...(rt === "" ? {} : { resourceType: rt }),
        ...accountIds,
      });
      update(job);
      await waitForExport(path(job), update);
    } catch (err) {
      setError(err);
    }
  };
  const fetchFile = async (j: ExportJob) => {
    try {
      const fresh = await get<ExportJob>(path(j));
      update(fresh);
      if (fresh.downloadPath) await download(fresh.downloadPath, `vigil-${j.kind}-${j.id}.${j.format}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Reports and SBOM exports</h1>
      <div className="grid">
        <Card title="Findings report">
          <form onSubmit={startReport} aria-label="New findings report">
            <div className="field">
              <label htmlFor={`${id}-rf`}>Format</label>
              <select id={`${id}-rf`} name="format" defaultValue="csv">
                <option value="csv">CSV</option>
                <option value="json">JSON</option>
              </select>
            </div>
            <SeverityChecks legend="Severity (none: all)" value={sev} onChange={setSev} />
            <div className="field">
              <label htmlFor={`${id}-rs`}>Status</label>
              <select id={`${id}-rs`} name="status" defaultValue="">
                <option value="">Active</option>
                <option value="ACTIVE,SUPPRESSED">Active and suppressed</option>
                <option value="ACTIVE,SUPPRESSED,CLOSED">Any</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-rt`}>Resource type</label>
              <select id={`${id}-rt`} name="resourceType" defaultValue="">
                <option value="">Any</option>
                <CodeOptions codes={RESOURCE_TYPES} />
              </select>
            </div>
            <button type="submit" className="primary">
              Create report
            </button>
          </form>
        </Card>
        <Card title="SBOM export">
          <form onSubmit={startSbom} aria-label="New SBOM export">
            <div className="field">
              <label htmlFor={`${id}-sf`}>Format</label>
              <select id={`${id}-sf`} name="format" defaultValue="cyclonedx">
                <option value="cyclonedx">CycloneDX 1.6 JSON</option>
                <option value="spdx">SPDX 2.3 JSON</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-st`}>Resource type</label>
              <select id={`${id}-st`} name="resourceType" defaultValue="">
                <option value="">Every resource</option>
                <CodeOptions codes={RESOURCE_TYPES} label={plural} />
              </select>
            </div>
            <p className="muted small">
              A zip with one document per resource. One resource: export it from its page.
            </p>
            <button type="submit" className="primary">
              Create SBOM export
            </button>
          </form>
        </Card>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      <Card title="Reports and exports">
        {listing === "loading" && jobs.length === 0 ? (
          <Loading what="Loading exports" />
        ) : jobs.length === 0 ? (
          <p className="muted">{listing === "failed" ? "The exports could not be listed." : "None yet."}</p>
        ) : (
          <table aria-live="polite">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Format</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                {showAccount ? <th scope="col">Account</th> : null}
                <HiddenHeader>Download</HiddenHeader>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>{j.kind === "findings-report" ? "Findings report" : "SBOM export"}</td>
                  <td>{j.format}</td>
                  <td>
                    <StatusBadge status={j.status} />
                    {j.error ? <div className="error small">{j.error}</div> : null}
                  </td>
                  <td className="small">{fmtDate(j.createdAt)}</td>
                  {showAccount ? (
                    <td className="small">{j.accountId ? accountName(s, j.accountId) : ""}</td>
                  ) : null}
                  <td>
                    {j.status === "SUCCEEDED" ? (
                      <button type="button" onClick={() => fetchFile(j)}>
                        Download {j.format.toUpperCase()}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next !== null ? (
          <button type="button" onClick={older}>
            Older exports
          </button>
        ) : null}
      </Card>
    </>
  );
}
