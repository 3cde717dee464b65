import type { Severity } from "../model/finding.js";

/**
 * The severity table (Inspector's, and CVSS's qualitative scale): 0 informational, 0.1–3.9 low,
 * 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical.
 */
export function severityOf(score: number): Severity {
  if (score >= 9.0) return "CRITICAL";
  if (score >= 7.0) return "HIGH";
  if (score >= 4.0) return "MEDIUM";
  if (score > 0) return "LOW";
  return "INFORMATIONAL";
}

/** Severities from lowest to highest, for thresholds such as `--fail-on high`. UNTRIAGED sorts lowest. */
export const SEVERITY_ORDER: readonly Severity[] = [
  "UNTRIAGED",
  "INFORMATIONAL",
  "LOW",
  "MEDIUM",
  "HIGH",
  "CRITICAL",
];

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}

/**
 * A publisher's qualitative label ("high", "Moderate", "important", "unimportant"...) as a severity,
 * for advisories with no CVSS vector. Unknown labels are UNTRIAGED.
 */
export function severityFromLabel(label: string): Severity {
  switch (label.trim().toLowerCase()) {
    case "critical":
      return "CRITICAL";
    case "high":
    case "important":
      return "HIGH";
    case "medium":
    case "moderate":
      return "MEDIUM";
    case "low":
    case "negligible":
    case "unimportant":
      return "LOW";
    case "none":
    case "informational":
      return "INFORMATIONAL";
    default:
      return "UNTRIAGED";
  }
}

/** A representative score for a severity label, used only when no CVSS vector exists (said so in the breakdown). */
export function nominalScore(s: Severity): number | undefined {
  switch (s) {
    case "CRITICAL":
      return 9.0;
    case "HIGH":
      return 7.0;
    case "MEDIUM":
      return 4.0;
    case "LOW":
      return 0.1;
    case "INFORMATIONAL":
      return 0;
    default:
      return undefined;
  }
}
