import type { CodeEvidence, CodeRiskFactor, CodeRiskScore, CodeRule } from "../model/code.js";
import { severityOf } from "../scoring/severity.js";

/**
 * A rule's severity as a score: the middle of its band of the severity table (0 informational,
 * 0.1–3.9 low, 4–6.9 medium, 7–8.9 high, 9–10 critical), so that evidence can move a finding up or down
 * within reach of the neighbouring band.
 */
export const CODE_BASE_SCORE: Readonly<Record<CodeRule["severity"], number>> = {
  CRITICAL: 9.5,
  HIGH: 8.0,
  MEDIUM: 5.5,
  LOW: 2.5,
  INFORMATIONAL: 0,
};

/** Directory names whose files are tests, fixtures or examples: not deployed. */
const TEST_DIRS = new Set([
  "test",
  "tests",
  "__tests__",
  "spec",
  "specs",
  "testdata",
  "fixtures",
  "__fixtures__",
  "__mocks__",
  "example",
  "examples",
  "sample",
  "samples",
]);
const TEST_FILE =
  /(?:_test\.go|\.(?:test|spec)\.[cm]?[jt]sx?|^test_[^/]*\.py|_test\.py|Tests?\.java|_spec\.rb|Tests?\.kt)$/;

/** Whether a path (relative, POSIX) is test, fixture or example code. */
export function isTestPath(path: string): boolean {
  const segments = path.split("/");
  const name = segments.pop()!;
  return segments.some((s) => TEST_DIRS.has(s.toLowerCase())) || TEST_FILE.test(name);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The risk score of a code finding and its breakdown:
 * 1. base: the rule's severity as CODE_BASE_SCORE;
 * 2. evidence: a secret whose provider checksum holds +1.0 (a real credential, not a look-alike); a
 *    secret recognised by nothing but its entropy −1.0; tainted data from a remote request +0.5, from
 *    the environment or local files −1.0 (an attacker needs a foothold first);
 * 3. location: test, fixture or example code −3.0 (not deployed): from the path, or an analyzer's
 *    `evidence.context = "test"`.
 * Clamped to 0–10; an informational rule stays 0.
 */
export function codeRiskScore(
  rule: CodeRule,
  path: string,
  evidence: CodeEvidence | undefined,
): CodeRiskScore {
  let score = CODE_BASE_SCORE[rule.severity];
  const breakdown: CodeRiskFactor[] = [
    { factor: "base", description: `rule severity ${rule.severity}`, delta: 0, score },
  ];
  if (score === 0) return { score, severity: severityOf(score) as CodeRiskScore["severity"], breakdown };
  const apply = (factor: CodeRiskFactor["factor"], delta: number, description: string) => {
    const next = round1(Math.min(10, Math.max(0, score + delta)));
    breakdown.push({ factor, description, delta: round1(next - score), score: next });
    score = next;
  };
  const verified = evidence?.verified;
  if (verified === "checksum") apply("evidence", 1.0, "the secret's checksum verifies: a real credential");
  else if (verified === "none") apply("evidence", -1.0, "recognised by entropy alone: may not be a secret");
  const sourceKind = evidence?.sourceKind;
  if (sourceKind === "remote") apply("evidence", 0.5, "input comes from a remote request");
  else if (sourceKind === "local") apply("evidence", -1.0, "input comes from the environment or local files");
  if (isTestPath(path) || evidence?.context === "test")
    apply("location", -3.0, "in test, fixture or example code (not deployed)");
  return { score, severity: severityOf(score) as CodeRiskScore["severity"], breakdown };
}
