import { type DependencyList, type ReactNode, useCallback, useEffect, useId, useState } from "react";
import { ApiError, SEVERITIES, type Severity } from "./api";

/** Loads `fn` whenever `deps` change; `reload()` runs it again. */
export function useAsync<T>(fn: () => Promise<T>, deps: DependencyList) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names the dependencies
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export function ErrorBox({ error, what }: { error: unknown; what?: string }) {
  return (
    <div className="error" role="alert">
      {what === undefined ? null : <strong>{what}: </strong>}
      {errorText(error)}
    </div>
  );
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export const SEVERITY_COLORS: Record<Severity, string> = {
  CRITICAL: "#8b0a1a",
  HIGH: "#c2410c",
  MEDIUM: "#a16207",
  LOW: "#1d4ed8",
  INFORMATIONAL: "#475569",
  UNTRIAGED: "#6b21a8",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge sev-${severity.toLowerCase()}`}>
      {severity === "INFORMATIONAL" ? "INFO" : severity}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase().replace(/_/g, "-")}`}>{status}</span>;
}

export function Card({
  title,
  children,
  actions,
  wide,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
}) {
  const id = useId();
  return (
    <section className={wide ? "card wide" : "card"} aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function fmtDate(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const PLURALS: Record<string, string> = {
  host: "Hosts",
  image: "Images",
  function: "Functions",
  repository: "Repositories",
};

/** "Hosts", "Repositories"… for a resource type. */
export function plural(type: string): string {
  return PLURALS[type] ?? `${humanize(type)}s`;
}

export function humanize(code: string): string {
  return code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, " ");
}

/** Horizontal bars, each split by severity; every bar also has a text label with its numbers. */
export function SeverityBars({
  rows,
  label,
}: {
  rows: { key: string; label: ReactNode; counts: Record<Severity, number>; total: number }[];
  label: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.total));
  return (
    <ul className="bars" aria-label={label}>
      {rows.map((r) => (
        <li key={r.key}>
          <div className="bar-label">{r.label}</div>
          <svg
            className="bar"
            viewBox="0 0 100 10"
            preserveAspectRatio="none"
            role="img"
            aria-label={`${r.total} findings: ${SEVERITIES.filter((s) => r.counts[s] > 0)
              .map((s) => `${r.counts[s]} ${s.toLowerCase()}`)
              .join(", ")}`}
          >
            {(() => {
              let x = 0;
              return SEVERITIES.map((s) => {
                const w = (r.counts[s] / max) * 100;
                const rect =
                  w > 0 ? <rect key={s} x={x} y={0} width={w} height={10} fill={SEVERITY_COLORS[s]} /> : null;
                x += w;
                return rect;
              });
            })()}
          </svg>
          <span className="bar-total">{r.total}</span>
        </li>
      ))}
    </ul>
  );
}

/** Vertical bar per severity, with the count above each bar. */
export function SeverityColumns({
  counts,
  onPick,
}: {
  counts: Record<Severity, number>;
  onPick?: (s: Severity) => void;
}) {
  const max = Math.max(1, ...SEVERITIES.map((s) => counts[s] ?? 0));
  return (
    <div className="columns">
      {SEVERITIES.map((s) => {
        const n = counts[s] ?? 0;
        const body = (
          <>
            <span className="col-n">{n}</span>
            <svg viewBox="0 0 20 100" preserveAspectRatio="none" aria-hidden="true" className="col-bar">
              <rect
                x={0}
                y={100 - (n / max) * 100}
                width={20}
                height={(n / max) * 100}
                fill={SEVERITY_COLORS[s]}
              />
            </svg>
            <span className="col-label">{s === "INFORMATIONAL" ? "INFO" : s}</span>
          </>
        );
        return onPick === undefined ? (
          <div key={s} className="col">
            {body}
          </div>
        ) : (
          <button
            key={s}
            type="button"
            className="col col-button"
            onClick={() => onPick(s)}
            aria-label={`${n} ${s.toLowerCase()} findings: show them`}
          >
            {body}
          </button>
        );
      })}
    </div>
  );
}

/** Lines over days (open findings) with bars (new, closed) and a data table for screen readers. */
export function TrendChart({
  days,
}: {
  days: { date: string; open: number; new: number; closed: number }[];
}) {
  const w = 600;
  const h = 160;
  const pad = 28;
  const max = Math.max(1, ...days.map((d) => Math.max(d.open, d.new, d.closed)));
  const x = (i: number) => pad + (i * (w - pad * 2)) / Math.max(1, days.length - 1);
  const y = (v: number) => h - pad - (v / max) * (h - pad * 2);
  const bw = Math.max(2, (w - pad * 2) / Math.max(1, days.length) / 3);
  const line = days
    .map((d, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(d.open).toFixed(1)}`)
    .join(" ");
  const first = days[0];
  const last = days.at(-1);
  return (
    <figure className="trend">
      <svg
        viewBox={`0 0 ${w} ${h}`}
        role="img"
        aria-label={`Open findings from ${first?.date} to ${last?.date}: ${first?.open} to ${last?.open}`}
      >
        <line x1={pad} x2={w - pad} y1={h - pad} y2={h - pad} stroke="#94a3b8" />
        <text x={pad - 4} y={y(max) + 4} textAnchor="end" fontSize="10" fill="#334155">
          {max}
        </text>
        <text x={pad - 4} y={h - pad} textAnchor="end" fontSize="10" fill="#334155">
          0
        </text>
        {days.map((d, i) => (
          <g key={d.date}>
            {d.new > 0 ? (
              <rect x={x(i) - bw} y={y(d.new)} width={bw} height={h - pad - y(d.new)} fill="#c2410c" />
            ) : null}
            {d.closed > 0 ? (
              <rect x={x(i)} y={y(d.closed)} width={bw} height={h - pad - y(d.closed)} fill="#15803d" />
            ) : null}
          </g>
        ))}
        <path d={line} fill="none" stroke="#1e3a8a" strokeWidth={2} />
        <text x={pad} y={h - 8} fontSize="10" fill="#334155">
          {first?.date}
        </text>
        <text x={w - pad} y={h - 8} fontSize="10" fill="#334155" textAnchor="end">
          {last?.date}
        </text>
      </svg>
      <figcaption className="legend">
        <span>
          <i style={{ background: "#1e3a8a" }} /> open
        </span>
        <span>
          <i style={{ background: "#c2410c" }} /> new
        </span>
        <span>
          <i style={{ background: "#15803d" }} /> closed
        </span>
      </figcaption>
      <details>
        <summary>Trend as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Open</th>
              <th scope="col">New</th>
              <th scope="col">Closed</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td>{d.date}</td>
                <td>{d.open}</td>
                <td>{d.new}</td>
                <td>{d.closed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Scanning vs not scanning, as one split bar. */
export function CoverageBar({ scanning, notScanning }: { scanning: number; notScanning: number }) {
  const total = scanning + notScanning;
  const pct = total === 0 ? 0 : (scanning / total) * 100;
  return (
    <svg
      className="cov-bar"
      viewBox="0 0 100 8"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${scanning} of ${total} scanning`}
    >
      <rect x={0} y={0} width={100} height={8} fill={total === 0 ? "#e2e8f0" : "#b91c1c"} />
      <rect x={0} y={0} width={pct} height={8} fill="#15803d" />
    </svg>
  );
}

/** A status line for what an action did (polite live region). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

/** A column header only screen readers read (the column of row buttons, a chart…). */
export function HiddenHeader({ children }: { children: string }) {
  return (
    <th scope="col">
      <span className="sr-only">{children}</span>
    </th>
  );
}

/** A row's destructive button; `label` names what it acts on for screen readers. */
export function DangerButton({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" className="danger" onClick={onClick} aria-label={label}>
      {children}
    </button>
  );
}

/** `<option>`s for codes such as resource or finding types (after any "Any" option of the caller's). */
export function CodeOptions({
  codes,
  label = humanize,
}: {
  codes: readonly string[];
  label?: (code: string) => string;
}) {
  return (
    <>
      {codes.map((c) => (
        <option key={c} value={c}>
          {label(c)}
        </option>
      ))}
    </>
  );
}

/** A checkbox per severity; `value` holds the checked ones. `short` labels INFORMATIONAL "Info". */
export function SeverityChecks({
  legend,
  value,
  onChange,
  short,
}: {
  legend: string;
  value: string[];
  onChange: (value: string[]) => void;
  short?: boolean;
}) {
  return (
    <fieldset className="sev-filter">
      <legend>{legend}</legend>
      {SEVERITIES.map((s) => (
        <label key={s} className="check">
          <input
            type="checkbox"
            checked={value.includes(s)}
            onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))}
          />
          {short && s === "INFORMATIONAL" ? "Info" : humanize(s)}
        </label>
      ))}
    </fieldset>
  );
}

/** A `<dt>`/`<dd>` pair for a date; `optional`: nothing at all when there is no date. */
export function DateEntry({
  term,
  iso,
  optional,
}: {
  term: string;
  iso: string | null | undefined;
  optional?: boolean;
}) {
  if (optional && !iso) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{fmtDate(iso)}</dd>
    </>
  );
}

/** The cursors of the pages visited (the last is the current page); back to page 1 when `key` changes. */
export function useCursors(key: string) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts again at page 1
  useEffect(() => setCursors([undefined]), [key]);
  return [cursors, setCursors] as const;
}

/** Previous/next page buttons over the cursors of `useCursors`. */
export function Pager({
  cursors,
  nextCursor,
  onChange,
}: {
  cursors: (string | undefined)[];
  nextCursor: string | null | undefined;
  onChange: (cursors: (string | undefined)[]) => void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={cursors.length <= 1} onClick={() => onChange(cursors.slice(0, -1))}>
        Previous page
      </button>
      <span>Page {cursors.length}</span>
      <button
        type="button"
        disabled={!nextCursor}
        onClick={() => nextCursor && onChange([...cursors, nextCursor])}
      >
        Next page
      </button>
    </nav>
  );
}
