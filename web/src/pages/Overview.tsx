import {
  type AggregationGroup,
  type Coverage,
  get,
  qs,
  RESOURCE_TYPES,
  SEVERITIES,
  type Severity,
} from "../api";
import {
  Card,
  CoverageBar,
  ErrorBox,
  HiddenHeader,
  humanize,
  Loading,
  plural,
  SeverityBars,
  SeverityColumns,
  TrendChart,
  useAsync,
} from "../components";
import { Link, navigate } from "../router";
import { useSession, viewQuery } from "../session";

/** The highest severity a group has findings of. */
function topSeverity(g: AggregationGroup): Severity | undefined {
  return SEVERITIES.find((sev) => (g.counts[sev] ?? 0) > 0);
}

export function OverviewPage() {
  const s = useSession();
  const scope = viewQuery(s);
  const coverage = useAsync(() => get<Coverage>(`/v1/coverage${qs(scope)}`), [s.view]);
  const bySeverity = useAsync(
    () => get<{ groups: AggregationGroup[] }>(`/v1/findings/aggregations${qs({ ...scope, by: "severity" })}`),
    [s.view],
  );
  const byResource = useAsync(
    () =>
      get<{ groups: AggregationGroup[] }>(
        `/v1/findings/aggregations${qs({ ...scope, by: "resource", limit: 8 })}`,
      ),
    [s.view],
  );
  const topVulns = useAsync(async (): Promise<AggregationGroup[]> => {
    // One request: the vulnerability groups carry their title, KEV entry and EPSS score. The server
    // orders groups by severity counts; exploited-in-the-wild ones go first here, so ask for enough.
    const { groups } = await get<{ groups: AggregationGroup[] }>(
      `/v1/findings/aggregations${qs({ ...scope, by: "vulnerability", limit: 100 })}`,
    );
    return [...groups]
      .sort(
        (a, b) =>
          Number(b.vulnerability?.kev !== undefined) - Number(a.vulnerability?.kev !== undefined) ||
          (b.vulnerability?.epss?.score ?? -1) - (a.vulnerability?.epss?.score ?? -1) ||
          b.total - a.total,
      )
      .slice(0, 10);
  }, [s.view]);
  const trends = useAsync(
    () =>
      get<{ days: { date: string; open: number; new: number; closed: number }[] }>(
        `/v1/findings/trends${qs({ ...scope, days: 30 })}`,
      ),
    [s.view],
  );

  const sevCounts = Object.fromEntries(
    (bySeverity.data?.groups ?? []).map((g) => [g.key, g.total]),
  ) as Record<Severity, number>;
  const totalActive = (bySeverity.data?.groups ?? []).reduce((n, g) => n + g.total, 0);

  return (
    <>
      <h1 tabIndex={-1}>Overview</h1>
      <div className="grid">
        <Card title="Coverage">
          {coverage.error ? <ErrorBox error={coverage.error} /> : null}
          {coverage.data === undefined ? (
            coverage.loading ? (
              <Loading />
            ) : null
          ) : (
            <>
              <p className="big">
                <strong>{coverage.data.scanning}</strong> of {coverage.data.total} resources scanning
              </p>
              <table className="compact">
                <caption className="sr-only">Coverage by resource type</caption>
                <thead>
                  <tr>
                    <th scope="col">Type</th>
                    <th scope="col">Scanning</th>
                    <th scope="col">Not scanning</th>
                    <HiddenHeader>Share</HiddenHeader>
                  </tr>
                </thead>
                <tbody>
                  {RESOURCE_TYPES.map((t) => {
                    const c = coverage.data?.byType[t] ?? { scanning: 0, notScanning: 0 };
                    return (
                      <tr key={t}>
                        <th scope="row">
                          <Link href={`/resources${qs({ type: t })}`}>{plural(t)}</Link>
                        </th>
                        <td>{c.scanning}</td>
                        <td>
                          {c.notScanning > 0 ? (
                            <Link href={`/resources${qs({ type: t, coverageStatus: "NOT_SCANNING" })}`}>
                              {c.notScanning}
                            </Link>
                          ) : (
                            0
                          )}
                        </td>
                        <td className="cov-cell">
                          <CoverageBar scanning={c.scanning} notScanning={c.notScanning} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <h3>Not scanning, by reason</h3>
              {Object.keys(coverage.data.byReason).length === 0 ? (
                <p className="muted">Every resource is scanning.</p>
              ) : (
                <ul className="reasons">
                  {Object.entries(coverage.data.byReason).map(([reason, r]) => (
                    <li key={reason}>
                      <strong>{humanize(reason)}</strong>: {r.total} (
                      {Object.entries(r.byType)
                        .map(([t, n]) => `${n} ${t}${n === 1 ? "" : "s"}`)
                        .join(", ")}
                      )
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </Card>
        <Card title={`Active findings by severity${bySeverity.data ? ` (${totalActive})` : ""}`}>
          {bySeverity.error ? <ErrorBox error={bySeverity.error} /> : null}
          {bySeverity.data === undefined ? (
            <Loading />
          ) : (
            <SeverityColumns
              counts={sevCounts}
              onPick={(sev) => navigate(`/findings${qs({ severity: sev })}`)}
            />
          )}
        </Card>
        <Card title="Riskiest resources">
          {byResource.error ? <ErrorBox error={byResource.error} /> : null}
          {byResource.data === undefined ? (
            <Loading />
          ) : byResource.data.groups.length === 0 ? (
            <p className="muted">No active findings.</p>
          ) : (
            <SeverityBars
              label="Active findings per resource, by severity"
              rows={byResource.data.groups.map((g) => ({
                key: g.key,
                total: g.total,
                counts: g.counts,
                label: (
                  <Link href={`/resources/${encodeURIComponent(g.key)}`}>
                    <span className="muted">{g.label?.type ?? "resource"}</span> {g.label?.name ?? g.key}
                  </Link>
                ),
              }))}
            />
          )}
        </Card>
        <Card title="Findings over the last 30 days">
          {trends.error ? <ErrorBox error={trends.error} /> : null}
          {trends.data === undefined ? <Loading /> : <TrendChart days={trends.data.days} />}
        </Card>
        <Card title="Top vulnerabilities (exploited in the wild first)" wide>
          {topVulns.error ? <ErrorBox error={topVulns.error} /> : null}
          {topVulns.data === undefined ? (
            <Loading />
          ) : topVulns.data.length === 0 ? (
            <p className="muted">No active findings.</p>
          ) : (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">Vulnerability</th>
                  <th scope="col">Exploited</th>
                  <th scope="col">EPSS</th>
                  <th scope="col">Findings</th>
                  <th scope="col">Severity</th>
                </tr>
              </thead>
              <tbody>
                {topVulns.data.map((group) => {
                  const v = group.vulnerability;
                  const sev = topSeverity(group);
                  return (
                    <tr key={group.key}>
                      <td>
                        <Link href={`/findings${qs({ vulnerabilityId: group.key })}`}>{group.key}</Link>
                        <div className="muted small">{v?.title}</div>
                      </td>
                      <td>
                        {v?.kev ? (
                          <span className="badge kev" title={`in CISA KEV since ${v.kev.dateAdded}`}>
                            KEV
                          </span>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td>{v?.epss ? `${(v.epss.score * 100).toFixed(1)}%` : "—"}</td>
                      <td>{group.total}</td>
                      <td>{sev ? <span className={`badge sev-${sev.toLowerCase()}`}>{sev}</span> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
