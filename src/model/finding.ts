import type { Reference } from "./advisory.js";
import type { FindingCode } from "./code.js";
import type { CvssMetric } from "./intel.js";
import type { Package } from "./package.js";

export type FindingType =
  | "PACKAGE_VULNERABILITY"
  | "NETWORK_REACHABILITY"
  | "CODE_VULNERABILITY"
  | "END_OF_LIFE";
export type Severity = "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL" | "UNTRIAGED";
export type FindingStatus = "ACTIVE" | "SUPPRESSED" | "CLOSED";
export type FixAvailable = "YES" | "NO" | "PARTIAL";

/** One factor of the risk score: what moved it and by how much. */
export interface RiskFactor {
  /** Package findings: base, kev, epss, network, distro; code findings: base, evidence, location. */
  factor: "base" | "kev" | "epss" | "network" | "distro" | "evidence" | "location";
  /** Human-readable: "known exploited (CISA KEV, added 2024-01-10)". */
  description: string;
  /** Change to the score this factor made (0 for the base line, which sets it). */
  delta: number;
  /** Score after this factor. */
  score: number;
}

export interface RiskScore {
  score: number;
  severity: Severity;
  breakdown: RiskFactor[];
}

/** What a user sees: one vulnerability in one package of one target, aliases merged. */
export interface Finding {
  /** Stable id: hash of (resource or target, vulnerability, package). */
  id: string;
  type: FindingType;
  vulnerabilityId: string;
  aliases: string[];
  title: string;
  description?: string;
  package?: Package;
  fixedVersions: string[];
  fixAvailable: FixAvailable;
  remediation: string;
  cvss: CvssMetric[];
  epss?: { score: number; percentile: number; date: string };
  kev?: { dateAdded: string; dueDate?: string; knownRansomwareCampaignUse?: string };
  references: Reference[];
  severity: Severity;
  risk: RiskScore;
  status: FindingStatus;
  /** End-of-life findings: the product, cycle and date. */
  eol?: { product: string; cycle: string; date: string };
  /** Code findings (CODE_VULNERABILITY): the rule, where in the code, the redacted snippet, the fingerprint. */
  code?: FindingCode;
  firstObservedAt?: string;
  lastObservedAt?: string;
  updatedAt?: string;
}
