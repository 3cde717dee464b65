import type { CodeFinding, CodeReport } from "../model/code.js";
import type { Severity } from "../model/finding.js";
import { SEVERITY_ORDER } from "../scoring/severity.js";
import { VERSION } from "../version.js";

/** Counts of code findings per severity, every severity present, highest first. */
export function codeSeverityCounts(findings: readonly CodeFinding[]): Partial<Record<Severity, number>> {
  const counts = Object.fromEntries(
    [...SEVERITY_ORDER]
      .reverse()
      .filter((s) => s !== "UNTRIAGED")
      .map((s) => [s, 0]),
  ) as Partial<Record<Severity, number>>;
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/** The code part of a JSON report: findings, suppressed findings with their reasons, walk statistics. */
export function codeJsonSection(report: CodeReport) {
  return {
    target: report.target,
    scanners: report.scanners,
    summary: codeSeverityCounts(report.findings),
    suppressedCount: report.suppressed.length,
    stats: report.stats,
    findings: report.findings,
    suppressed: report.suppressed,
    problems: report.problems,
  };
}

/** The native JSON report of `vigil code scan`. */
export function codeReportToJson(report: CodeReport): string {
  return `${JSON.stringify({ vigil: VERSION, createdAt: report.createdAt, ...codeJsonSection(report) }, null, 2)}\n`;
}
