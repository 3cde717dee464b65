import type { CodeReport } from "../model/code.js";
import { codeSeverityCounts } from "./code-json.js";

export interface CodeTableOptions {
  /** Terminal width to fit (messages are cut to fit); default 140. */
  width?: number;
  color?: boolean;
}

const COLORS: Record<string, string> = {
  CRITICAL: "\u001b[1;31m",
  HIGH: "\u001b[31m",
  MEDIUM: "\u001b[33m",
  LOW: "\u001b[34m",
  INFORMATIONAL: "\u001b[2m",
};

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, Math.max(0, n - 1))}…` : s;
}

/**
 * Code findings as a table, riskiest first: severity, risk, rule, location, message. Suppressed findings
 * are counted in the heading, not listed (the JSON report lists them with their reasons).
 */
export function codeReportToTable(report: CodeReport, options: CodeTableOptions = {}): string {
  const width = Math.max(80, options.width ?? 140);
  const out: string[] = [];
  const title = `${report.target.ref} (code: ${report.scanners.join(", ")})`;
  out.push(title, "=".repeat(Math.min(width, title.length)));
  const counts = Object.entries(codeSeverityCounts(report.findings))
    .map(([s, n]) => `${s}: ${n}`)
    .join(", ");
  const extra = [
    report.suppressed.length > 0 ? `${report.suppressed.length} suppressed` : "",
    report.stats.belowSeverity > 0 ? `${report.stats.belowSeverity} below --severity` : "",
  ].filter((s) => s !== "");
  out.push(
    `${report.stats.analyzed} files analyzed, Total: ${report.findings.length} (${counts})${extra.length > 0 ? `; ${extra.join(", ")}` : ""}`,
  );
  if (report.findings.length === 0) {
    out.push("", "No code findings.");
  } else {
    const rows = report.findings.map((f) => [
      f.severity,
      f.risk.score.toFixed(1),
      f.ruleId,
      `${f.location.path}:${f.location.startLine}`,
      f.message,
    ]);
    const head = ["SEVERITY", "RISK", "RULE", "LOCATION", "MESSAGE"];
    const widths = head.map((h, c) =>
      Math.min(c === 4 ? 400 : 60, Math.max(h.length, ...rows.map((r) => r[c]!.length))),
    );
    widths[4] = Math.max(20, width - widths.slice(0, 4).reduce((a, b) => a + b + 2, 0));
    out.push(
      "",
      head
        .map((h, c) => pad(h, widths[c]!))
        .join("  ")
        .trimEnd(),
    );
    for (const r of rows) {
      const cells = r.map((cell, c) => pad(cut(cell, widths[c]!), widths[c]!));
      if (options.color) cells[0] = `${COLORS[r[0]!] ?? ""}${cells[0]}\u001b[0m`;
      out.push(cells.join("  ").trimEnd());
    }
  }
  for (const p of report.problems) out.push(`warning: ${p.path}: ${p.by}: ${p.message}`);
  return `${out.join("\n")}\n`;
}
