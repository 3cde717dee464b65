import type { Finding } from "../model/finding.js";
import { type ScanReport, severityCounts } from "../scan/report.js";

export interface TableOptions {
  /** Terminal width to fit (titles are cut to fit); default 140. */
  width?: number;
  /** ANSI colours for severities (on a TTY). */
  color?: boolean;
}

const COLORS: Record<string, string> = {
  CRITICAL: "\u001b[1;31m",
  HIGH: "\u001b[31m",
  MEDIUM: "\u001b[33m",
  LOW: "\u001b[34m",
  INFORMATIONAL: "\u001b[2m",
  UNTRIAGED: "\u001b[2m",
};

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function cut(s: string, n: number): string {
  if (n <= 1) return "";
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The totals line: "Total: 12 (CRITICAL: 1, HIGH: 3, MEDIUM: 5, LOW: 3, INFORMATIONAL: 0, UNTRIAGED: 0)". */
export function totalsLine(findings: readonly Finding[]): string {
  const c = severityCounts(findings);
  return `Total: ${findings.length} (${Object.entries(c)
    .map(([s, n]) => `${s}: ${n}`)
    .join(", ")})`;
}

/**
 * A readable table, Trivy-style: a heading with the target and totals per severity, then one block per
 * package (name and installed version once), its vulnerabilities riskiest first.
 */
export function reportToTable(report: ScanReport, options: TableOptions = {}): string {
  const width = Math.max(80, options.width ?? 140);
  const inv = report.inventory;
  const out: string[] = [];
  const os = inv.os ? ` (${inv.os.prettyName ?? `${inv.os.id} ${inv.os.versionId ?? ""}`.trim()})` : "";
  out.push(`${inv.target.ref}${os}`);
  out.push("=".repeat(Math.min(width, inv.target.ref.length + os.length)));
  out.push(`${inv.packages.length} packages, ${totalsLine(report.findings)}`);
  if (report.findings.length === 0) {
    out.push("", "No vulnerabilities found.");
  } else {
    const groups = new Map<string, Finding[]>();
    for (const f of report.findings) {
      const key = f.package
        ? `${f.package.name}\u0000${f.package.version}`
        : `\u0001${f.eol?.product ?? f.vulnerabilityId}`;
      const g = groups.get(key);
      if (g) g.push(f);
      else groups.set(key, [f]);
    }
    const rows: string[][] = [];
    for (const list of [...groups.values()].sort((a, b) => b[0]!.risk.score - a[0]!.risk.score)) {
      list.forEach((f, i) => {
        rows.push([
          i === 0 ? (f.package?.name ?? f.eol?.product ?? "") : "",
          i === 0 ? (f.package?.version ?? "") : "",
          f.vulnerabilityId,
          f.severity,
          f.risk.score.toFixed(1) + (f.kev ? " KEV" : ""),
          f.fixedVersions[0] ?? (f.fixAvailable === "NO" ? "-" : ""),
          f.title,
        ]);
      });
    }
    const head = ["PACKAGE", "INSTALLED", "VULNERABILITY", "SEVERITY", "RISK", "FIXED IN", "TITLE"];
    const widths = head.map((h, c) =>
      Math.min(c === 6 ? 200 : 40, Math.max(h.length, ...rows.map((r) => r[c]!.length))),
    );
    const fixed = widths.slice(0, 6).reduce((a, b) => a + b + 2, 0);
    widths[6] = Math.max(10, width - fixed);
    const line = (r: string[], color?: string) =>
      r
        .map((cell, c) => {
          const text = pad(cut(cell, widths[c]!), widths[c]!);
          return c === 3 && color ? `${color}${text}\u001b[0m` : text;
        })
        .join("  ")
        .trimEnd();
    out.push("", line(head), widths.map((w) => "-".repeat(w)).join("  "));
    for (const r of rows) out.push(line(r, options.color ? COLORS[r[3]!] : undefined));
  }
  if (report.problems.length > 0) {
    out.push("", `${report.problems.length} file(s) or records could not be read:`);
    for (const p of report.problems.slice(0, 50)) out.push(`  ${p.path} (${p.by}): ${p.message}`);
    if (report.problems.length > 50)
      out.push(`  ... and ${report.problems.length - 50} more (see --format json)`);
  }
  return `${out.join("\n")}\n`;
}
