import { type ScanReport, severityCounts } from "../scan/report.js";
import { VERSION } from "../version.js";
import { codeJsonSection } from "./code-json.js";

/** The native JSON report: everything Vigil knows about each finding, stable field names. */
export function reportToJson(report: ScanReport): string {
  const inv = report.inventory;
  return `${JSON.stringify(
    {
      vigil: VERSION,
      createdAt: report.createdAt,
      dbBuiltAt: report.dbBuiltAt,
      target: inv.target,
      os: inv.os,
      packages: inv.packages.length,
      summary: severityCounts(report.findings),
      findings: report.findings,
      problems: report.problems,
      ...(report.code ? { code: codeJsonSection(report.code) } : {}),
    },
    null,
    2,
  )}\n`;
}
