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

/**
 * Evidence keys the engine reads for the risk score (analyzers may add others; they are kept and shown):
 * - `verified`: secrets: `checksum` (the provider's checksum holds), `format` (the shape only), `none`;
 * - `sourceKind`: SAST taint: `remote` (request, headers, cookies), `local` (environment, files, argv).
 */
export type CodeEvidence = Record<string, string>;

/** One factor of a code finding's risk score (the package findings' RiskFactor, with code's own factors). */
export interface CodeRiskFactor {
  factor: "base" | "evidence" | "location";
  description: string;
  /** Change to the score this factor made (0 for the base line, which sets it). */
  delta: number;
  /** Score after this factor. */
  score: number;
}

export interface CodeRiskScore {
  score: number;
  /** The score's band in the severity table. */
  severity: Exclude<Severity, "UNTRIAGED">;
  breakdown: CodeRiskFactor[];
}

/** How a code finding was suppressed: an inline `vigil-ignore` comment or an ignore-file entry. */
export interface CodeSuppression {
  kind: "inline" | "ignore-file";
  reason: string;
  /** `src/app.js line 12` or `.vigil-code-ignore.yaml entry 3`. */
  source: string;
  expires?: string;
}

/** One code finding: a rule's match at one place, scored, fingerprinted, maybe suppressed. */
export interface CodeFinding {
  /** The fingerprint (sha256 hex), stable across unrelated edits of the file. */
  id: string;
  type: "CODE_VULNERABILITY";
  ruleId: string;
  scanner: CodeScanner;
  title: string;
  cwe: string[];
  /** From the rule. */
  severity: CodeRule["severity"];
  risk: CodeRiskScore;
  location: CodeLocation;
  message: string;
  /** Secrets redacted by the analyzer. */
  snippet: string;
  fingerprint: string;
  evidence?: CodeEvidence;
  remediation: string;
  references: string[];
  status: "ACTIVE" | "SUPPRESSED";
  suppression?: CodeSuppression;
}

/**
 * The code part of a CODE_VULNERABILITY Finding (the service stores code findings as Findings: the
 * vulnerability id is the rule id). `origin` says which part of a function the file is in.
 */
export interface FindingCode {
  ruleId: string;
  scanner: CodeScanner;
  cwe: string[];
  /** The file relative to the scanned tree (a function's deployment package or one of its layers). */
  location: CodeLocation;
  /** Functions: the deployment package (`code`) or a layer, by the name it was deployed with. */
  origin?: { kind: "code" | "layer"; name: string };
  message: string;
  /** Secrets redacted. */
  snippet: string;
  /** The engine's fingerprint (stable across unrelated edits): the finding's identity within its resource. */
  fingerprint: string;
  evidence?: CodeEvidence;
}

/** Why the walk left a file out, counted per reason. */
export type CodeSkipReason =
  | "gitignored"
  | "vendored"
  | "generated"
  | "minified"
  | "too-large"
  | "binary"
  | "symlink"
  | "unwanted";

/** A file or analyzer that went wrong; the scan went on. */
export interface CodeProblem {
  path: string;
  /** `walk`, `engine`, or the analyzer's scanner name. */
  by: string;
  message: string;
}

/** The result of one code scan: what every code format encodes. */
export interface CodeReport {
  target: { kind: "directory" | "zip"; ref: string };
  scanners: CodeScanner[];
  /** Every rule of the analyzers that ran (SARIF `rules`, the reference page). */
  rules: CodeRule[];
  /** Active findings at or above the minimum severity, riskiest first. */
  findings: CodeFinding[];
  /** Findings taken out by an inline comment or the ignore file, with the reason. */
  suppressed: CodeFinding[];
  stats: {
    /** Files the walk saw (after directory pruning). */
    files: number;
    /** Files read (each once) and handed to at least one analyzer. */
    analyzed: number;
    skipped: Partial<Record<CodeSkipReason, number>>;
    /** Findings below `--severity`, left out of `findings`. */
    belowSeverity: number;
  };
  problems: CodeProblem[];
  createdAt: string;
}
