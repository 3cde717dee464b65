import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Finding } from "../model/finding.js";
import type { ScanReport } from "../scan/report.js";
import { codeSarifParts, vigilSarifLog } from "./code-sarif.js";

function level(f: Finding): Result.level {
  switch (f.severity) {
    case "CRITICAL":
    case "HIGH":
      return "error";
    case "MEDIUM":
      return "warning";
    default:
      return "note";
  }
}

/** Where GitHub shows a finding: the file that declared the package, relative, or the target itself. */
function artifactUri(f: Finding, fallback: string): string {
  const loc = f.package?.locations[0];
  return (loc ?? fallback).replace(/^\/+/, "") || "unknown";
}

function ruleId(f: Finding): string {
  return f.vulnerabilityId;
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one rule per vulnerability (with `security-severity`,
 * the CVSS-style number GitHub ranks by), one result per finding with a physical location (the package
 * database or lockfile, line 1) and a partial fingerprint so re-uploads update rather than duplicate.
 */
export function reportToSarif(report: ScanReport): Log {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of report.findings) {
    const id = ruleId(f);
    if (ruleIndex.has(id)) continue;
    ruleIndex.set(id, rules.length);
    const help = [
      f.title,
      f.aliases.length > 0 ? `Aliases: ${f.aliases.join(", ")}` : "",
      f.remediation,
      ...f.references.slice(0, 10).map((r) => r.url),
    ]
      .filter((s) => s !== "")
      .join("\n");
    rules.push({
      id,
      name: id.replace(/[^A-Za-z0-9]/g, ""),
      shortDescription: { text: f.title },
      fullDescription: { text: f.description ?? f.title },
      ...(f.references[0] ? { helpUri: f.references[0].url } : {}),
      help: { text: help, markdown: help.split("\n").join("  \n") },
      defaultConfiguration: { level: level(f) },
      properties: {
        "security-severity": f.risk.score.toFixed(1),
        precision: "very-high",
        tags: ["security", "vulnerability", f.severity.toLowerCase()],
      },
    });
  }
  const results: Result[] = report.findings.map((f) => ({
    ruleId: ruleId(f),
    ruleIndex: ruleIndex.get(ruleId(f))!,
    level: level(f),
    message: {
      text: f.package
        ? `${f.package.name} ${f.package.version} (${f.package.ecosystem}) is affected by ${f.vulnerabilityId} (${f.severity}, risk ${f.risk.score.toFixed(1)}). ${f.remediation}.`
        : `${f.title}. ${f.remediation}.`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f, report.inventory.target.ref) },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        },
      },
    ],
    partialFingerprints: { "vigil/finding/v1": f.id },
  }));
  if (report.code) {
    // One run, one driver: GitHub rejects two runs of one tool in one upload.
    const code = codeSarifParts(report.code, rules.length);
    rules.push(...code.rules);
    results.push(...code.results);
  }
  return vigilSarifLog(rules, results, report.inventory.target.ref);
}

export function reportToSarifJson(report: ScanReport): string {
  return `${JSON.stringify(reportToSarif(report), null, 2)}\n`;
}
