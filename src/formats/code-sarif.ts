import type { Log, ReportingDescriptor, Result, Run } from "sarif";
import type { CodeFinding, CodeReport, CodeRule } from "../model/code.js";
import { VERSION } from "../version.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** The base every result's uri is relative to: the scanned root (GitHub resolves it to the checkout). */
export const SRCROOT = "%SRCROOT%";

/** What GitHub ranks by (`security-severity`): the rule severity's band middle, as a string number. */
const SECURITY_SEVERITY: Record<CodeRule["severity"], string> = {
  CRITICAL: "9.5",
  HIGH: "8.0",
  MEDIUM: "5.5",
  LOW: "2.5",
  INFORMATIONAL: "0.0",
};

function level(severity: CodeRule["severity"]): Result.level {
  switch (severity) {
    case "CRITICAL":
    case "HIGH":
      return "error";
    case "MEDIUM":
      return "warning";
    default:
      return "note";
  }
}

/** `CWE-78` -> `external/cwe/cwe-78`, GitHub's tag for a CWE. */
function cweTag(cwe: string): string {
  return `external/cwe/${cwe.toLowerCase()}`;
}

/** A rule as a SARIF reportingDescriptor: descriptions, help with remediation, CWE tags, security-severity. */
export function codeRuleDescriptor(rule: CodeRule): ReportingDescriptor {
  const markdown = [
    `**${rule.title}** (${rule.cwe.join(", ")})`,
    "",
    rule.description,
    "",
    `**Remediation:** ${rule.remediation}`,
    ...(rule.references.length > 0 ? ["", "**References:**", ...rule.references.map((r) => `- ${r}`)] : []),
  ].join("\n");
  const text = [
    `${rule.title} (${rule.cwe.join(", ")})`,
    rule.description,
    `Remediation: ${rule.remediation}`,
    ...rule.references,
  ].join("\n");
  return {
    id: rule.id,
    // SARIF's `name` is an identifier-like word: "vigil.sast.js.command-injection" -> "CommandInjection".
    name: (rule.id.split(".").pop() ?? rule.id)
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w !== "")
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(""),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    ...(rule.references[0] ? { helpUri: rule.references[0] } : {}),
    help: { text, markdown },
    defaultConfiguration: { level: level(rule.severity) },
    properties: {
      tags: [
        "security",
        rule.scanner,
        ...rule.cwe.map(cweTag),
        ...(rule.owasp ?? []).map((o) => `external/owasp/${o.toLowerCase()}`),
      ],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      precision: rule.scanner === "secrets" ? "very-high" : "high",
      "problem.severity": level(rule.severity) === "note" ? "recommendation" : level(rule.severity),
    },
  };
}

/** A finding as a SARIF result pointing at `rules[ruleIndex]`; a suppressed one carries its suppression. */
export function codeResult(f: CodeFinding, ruleIndex: number): Result {
  const loc = f.location;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: level(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(loc.path), uriBaseId: SRCROOT },
          region: {
            startLine: loc.startLine,
            ...(loc.startColumn !== undefined ? { startColumn: loc.startColumn } : {}),
            endLine: Math.max(loc.endLine, loc.startLine),
            ...(loc.endColumn !== undefined ? { endColumn: loc.endColumn } : {}),
            ...(f.snippet !== "" ? { snippet: { text: f.snippet } } : {}),
          },
        },
      },
    ],
    partialFingerprints: { "vigil/code/v1": f.fingerprint },
    ...(f.suppression
      ? {
          suppressions: [
            {
              kind: f.suppression.kind === "inline" ? "inSource" : "external",
              justification: `${f.suppression.reason} (${f.suppression.source})`,
            },
          ],
        }
      : {}),
    properties: {
      "risk-score": f.risk.score,
      "risk-breakdown": f.risk.breakdown.map(
        (b) => `${b.description} (${b.delta >= 0 ? "+" : ""}${b.delta})`,
      ),
      cwe: f.cwe,
      ...(f.evidence ? { evidence: f.evidence } : {}),
    },
  };
}

/** Rules and results of a code report, rule indexes counted from `offset` (for a merged run). */
export function codeSarifParts(
  report: CodeReport,
  offset = 0,
): { rules: ReportingDescriptor[]; results: Result[] } {
  const rules = [...report.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(rules.map((r, i) => [r.id, offset + i]));
  return {
    rules: rules.map(codeRuleDescriptor),
    results: [...report.findings, ...report.suppressed].map((f) => codeResult(f, index.get(f.ruleId)!)),
  };
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule of the analyzers that ran (CWE tags,
 * `security-severity`, help with remediation), one result per finding with its region and a partial
 * fingerprint that survives unrelated edits; suppressed findings carry `suppressions`.
 */
export function codeReportToSarif(report: CodeReport): Log {
  const { rules, results } = codeSarifParts(report);
  return vigilSarifLog(rules, results, report.target.ref, { columnKind: "utf16CodeUnits" });
}

/** The one SARIF log shape Vigil writes: a single run of the Vigil driver (GitHub rejects two runs of one tool). */
export function vigilSarifLog(
  rules: ReportingDescriptor[],
  results: Result[],
  target: string,
  run: Partial<Run> = {},
): Log {
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "Vigil", version: VERSION, rules } },
        results,
        ...run,
        properties: { target },
      },
    ],
  };
}

export function codeReportToSarifJson(report: CodeReport): string {
  return `${JSON.stringify(codeReportToSarif(report), null, 2)}\n`;
}
