import type { FindingCode } from "../model/code.js";
import type { Finding } from "../model/finding.js";
import type { ScanReport } from "../scan/report.js";

/** One CSV field, quoted when it must be (RFC 4180). Formula-leading characters are neutralised for spreadsheets. */
export function csvField(value: string | number | undefined): string {
  let s = value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  "finding_id",
  "type",
  "severity",
  "risk_score",
  "vulnerability_id",
  "aliases",
  "package",
  "installed_version",
  "ecosystem",
  "fixed_versions",
  "fix_available",
  "purl",
  "location",
  "layer",
  "cvss_vector",
  "cvss_score",
  "epss",
  "epss_percentile",
  "kev_date_added",
  "status",
  "title",
] as const;

/** A code finding's place: `path:line` or `path:start-end`. */
function codeLocation(c: FindingCode): string {
  const { path, startLine, endLine } = c.location;
  return endLine > startLine ? `${path}:${startLine}-${endLine}` : `${path}:${startLine}`;
}

function row(f: Finding): string[] {
  const cvss = f.cvss[0];
  return [
    f.id,
    f.type,
    f.severity,
    f.risk.score.toFixed(1),
    f.vulnerabilityId,
    f.aliases.join(" "),
    f.package?.name ?? f.eol?.product ?? "",
    f.package?.version ?? "",
    f.package?.ecosystem ?? "",
    f.fixedVersions.join(" "),
    f.fixAvailable,
    f.package?.purl ?? "",
    f.code ? codeLocation(f.code) : (f.package?.locations.join(" ") ?? ""),
    f.code?.origin?.kind === "layer" ? f.code.origin.name : (f.package?.layer ?? ""),
    cvss?.vector ?? "",
    cvss ? cvss.baseScore.toFixed(1) : "",
    f.epss ? String(f.epss.score) : "",
    f.epss ? String(f.epss.percentile) : "",
    f.kev?.dateAdded ?? "",
    f.status,
    f.title,
  ];
}

/** Findings as CSV with a header row, CRLF line ends (RFC 4180). */
export function findingsToCsv(findings: readonly Finding[]): string {
  const lines = [CSV_COLUMNS.join(","), ...findings.map((f) => row(f).map(csvField).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

export function reportToCsv(report: ScanReport): string {
  return findingsToCsv(report.findings);
}
