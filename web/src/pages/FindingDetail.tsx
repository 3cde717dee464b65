import { type Finding, get } from "../api";
import {
  Card,
  DateEntry,
  ErrorBox,
  HiddenHeader,
  humanize,
  Loading,
  SeverityBadge,
  StatusBadge,
  useAsync,
} from "../components";
import { Link } from "../router";
import { accountName, useSession } from "../session";
import { resourceOf } from "./Findings";

/** The risk score's factors as a waterfall: each bar starts where the previous factor left the score. */
function RiskBreakdown({ risk }: { risk: Finding["risk"] }) {
  const w = 420;
  const scale = (v: number) => 140 + (v / 10) * (w - 150);
  let before = 0;
  return (
    <div>
      <p>
        Risk score <strong className="big">{risk.score.toFixed(1)}</strong> / 10 ({humanize(risk.severity)})
      </p>
      <table className="breakdown">
        <thead>
          <tr>
            <th scope="col">Factor</th>
            <th scope="col">Why</th>
            <th scope="col">Change</th>
            <th scope="col">Score after</th>
            <HiddenHeader>Chart</HiddenHeader>
          </tr>
        </thead>
        <tbody>
          {risk.breakdown.map((b) => {
            const from = before;
            before = b.score;
            const x1 = scale(Math.min(from, b.score));
            const x2 = scale(Math.max(from, b.score));
            return (
              <tr key={b.factor}>
                <th scope="row">{humanize(b.factor)}</th>
                <td>{b.description}</td>
                <td className={`num ${b.delta > 0 ? "up" : b.delta < 0 ? "down" : ""}`}>
                  {b.factor === "base" ? "start" : `${b.delta > 0 ? "+" : ""}${b.delta.toFixed(1)}`}
                </td>
                <td className="num">{b.score.toFixed(1)}</td>
                <td>
                  <svg
                    className="waterfall"
                    viewBox={`140 0 ${w - 140} 14`}
                    preserveAspectRatio="none"
                    aria-hidden="true"
                  >
                    <rect x={140} y={6} width={w - 150} height={2} fill="#e2e8f0" />
                    <rect
                      x={x1}
                      y={1}
                      width={Math.max(2, x2 - x1)}
                      height={12}
                      fill={b.factor === "base" ? "#1e3a8a" : b.delta >= 0 ? "#c2410c" : "#15803d"}
                    />
                  </svg>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function FindingDetailPage({ id }: { id: string }) {
  const s = useSession();
  const f = useAsync(() => get<Finding>(`/v1/findings/${encodeURIComponent(id)}`), [id]);
  const r = useAsync(async () => (f.data ? resourceOf(f.data.resourceId) : undefined), [f.data?.resourceId]);
  if (f.error) {
    return (
      <>
        <h1 tabIndex={-1}>Finding</h1>
        <ErrorBox error={f.error} what="Cannot show this finding" />
        <Link href="/findings">Back to findings</Link>
      </>
    );
  }
  if (f.data === undefined) return <Loading what="Loading the finding" />;
  const x = f.data;
  return (
    <>
      <p className="crumbs">
        <Link href="/findings">Findings</Link> ›
      </p>
      <h1 tabIndex={-1}>
        {x.vulnerabilityId} <SeverityBadge severity={x.severity} />{" "}
        {x.kev ? <span className="badge kev">Known exploited</span> : null}
      </h1>
      <p className="lead">{x.title}</p>
      <div className="grid">
        <Card title="Where">
          <dl>
            <dt>Resource</dt>
            <dd>
              <Link href={`/resources/${encodeURIComponent(x.resourceId)}`}>
                {r.data?.name ?? x.resourceId}
              </Link>{" "}
              ({x.resourceType})
            </dd>
            <dt>Account</dt>
            <dd>{accountName(s, x.accountId)}</dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={x.status} />{" "}
              {x.statusReason ? <span className="muted">{x.statusReason}</span> : null}
            </dd>
            <dt>Type</dt>
            <dd>{humanize(x.type)}</dd>
            <DateEntry term="First observed" iso={x.firstObservedAt} />
            <DateEntry term="Last observed" iso={x.lastObservedAt} />
            <DateEntry term="Closed" iso={x.closedAt} optional />
          </dl>
        </Card>
        <Card title="Package">
          {x.package ? (
            <dl>
              <dt>Name</dt>
              <dd>
                {x.package.name} <span className="muted">({x.package.ecosystem})</span>
              </dd>
              {x.package.source ? (
                <>
                  <dt>Source package</dt>
                  <dd>
                    {x.package.source.name} {x.package.source.version}
                  </dd>
                </>
              ) : null}
              <dt>Installed version</dt>
              <dd>
                <code>{x.package.version}</code>
              </dd>
              <dt>Fixed versions</dt>
              <dd>
                {x.fixedVersions.length > 0
                  ? x.fixedVersions.map((v) => <code key={v}>{v} </code>)
                  : "none known"}
              </dd>
              <dt>Fix available</dt>
              <dd>{humanize(x.fixAvailable)}</dd>
              <dt>Package URL</dt>
              <dd>
                <code className="wrap">{x.package.purl}</code>
              </dd>
              <dt>Found in</dt>
              <dd>{x.package.locations.join(", ") || "—"}</dd>
            </dl>
          ) : x.eol ? (
            <dl>
              <dt>Product</dt>
              <dd>
                {x.eol.product} {x.eol.cycle}
              </dd>
              <dt>End of life</dt>
              <dd>{x.eol.date}</dd>
            </dl>
          ) : (
            <p className="muted">No package.</p>
          )}
          <h3>Remediation</h3>
          <p>{x.remediation}</p>
        </Card>
        <Card title="Risk score breakdown" wide>
          <RiskBreakdown risk={x.risk} />
        </Card>
        <Card title="Scores and exploitation">
          <h3>CVSS</h3>
          {x.cvss.length === 0 ? (
            <p className="muted">No CVSS vector.</p>
          ) : (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Score</th>
                  <th scope="col">Vector</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {x.cvss.map((c) => (
                  <tr key={`${c.source}-${c.vector}`}>
                    <td>{c.version}</td>
                    <td className="num">{c.baseScore.toFixed(1)}</td>
                    <td>
                      <code className="wrap">{c.vector}</code>
                    </td>
                    <td>
                      {c.source}
                      {c.kind ? ` (${c.kind})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>EPSS</h3>
          <p>
            {x.epss
              ? `${(x.epss.score * 100).toFixed(2)}% probability of exploitation in the next 30 days (percentile ${(x.epss.percentile * 100).toFixed(0)}, ${x.epss.date})`
              : "No EPSS score."}
          </p>
          <h3>Known exploited (CISA KEV)</h3>
          <p>
            {x.kev
              ? `Added ${x.kev.dateAdded}${x.kev.dueDate ? `, due ${x.kev.dueDate}` : ""}${x.kev.knownRansomwareCampaignUse ? `; ransomware use: ${x.kev.knownRansomwareCampaignUse}` : ""}`
              : "Not in the KEV catalog."}
          </p>
          {x.aliases.length > 0 ? (
            <>
              <h3>Aliases</h3>
              <p>{x.aliases.join(", ")}</p>
            </>
          ) : null}
        </Card>
        <Card title="Description and references">
          {x.description ? <p className="description">{x.description}</p> : null}
          <ul className="refs">
            {x.references.map((ref) => (
              <li key={ref.url}>
                <a href={ref.url} rel="noreferrer noopener" target="_blank">
                  {ref.url}
                </a>{" "}
                <span className="muted small">{ref.type}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
