import type { Severity } from "./finding.js";

/** The three code analyzers. Dependencies (SCA) are the package scanner's job. */
export type CodeScanner = "sast" | "secrets" | "iac";

/**
 * A rule, detector or check: data, loaded from a file under `src/code/<scanner>/rules/`. Its id never
 * changes once published (suppressions and SARIF fingerprints name it).
 */
export interface CodeRule {
  /** `vigil.<scanner>.<area>.<name>`, e.g. `vigil.sast.js.command-injection`. */
  id: string;
  scanner: CodeScanner;
  title: string;
  /** CWE ids, `CWE-78`. At least one. */
  cwe: string[];
  /** One of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL. */
  severity: Exclude<Severity, "UNTRIAGED">;
  description: string;
  remediation: string;
  references: string[];
  /** SAST: languages; IaC: file kinds (`dockerfile`, `kubernetes`, `terraform`, ...); secrets: empty. */
  targets: string[];
  /** OWASP Top 10 (2021) category where one applies, `A03:2021`. */
  owasp?: string[];
}

/** Where a finding is: a file relative to the scanned root (POSIX separators), 1-based lines and columns. */
export interface CodeLocation {
  path: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
}

/** What an analyzer reports for one place in one file. */
export interface CodeMatch {
  ruleId: string;
  location: CodeLocation;
  /** One line for a person: "user input from req.query.host reaches child_process.exec". */
  message: string;
  /** The matched source lines; secrets already redacted by the analyzer. */
  snippet: string;
  /**
   * What makes this match itself and not another of the same rule in the file, independent of its line
   * number (the sink's text, the secret's hash, the IaC resource's address). The engine hashes it with
   * the rule id and path into a fingerprint that survives unrelated edits.
   */
  key: string;
  /** Facts that feed the risk score and the report: `{"verified": "format"}`, `{"resource": "aws_s3_bucket.logs"}`, taint `source`/`sink`. */
  evidence?: Record<string, string>;
}
