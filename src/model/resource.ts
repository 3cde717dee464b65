export type ResourceType = "host" | "image" | "function" | "repository";
export type ScanType = "host" | "image" | "function" | "functionCode" | "repository";
export type ScanMode = "agent" | "agentless" | "hybrid" | "push" | "ci";
export type CoverageStatus = "SCANNING" | "NOT_SCANNING";
export type CoverageReason =
  | "PENDING_INITIAL_SCAN"
  | "EXCLUDED_BY_TAG"
  | "UNSUPPORTED_OS"
  | "SCAN_ELIGIBILITY_EXPIRED"
  | "STALE_INVENTORY"
  | "SCAN_TYPE_DISABLED"
  | "ERROR";

/** Something Vigil watches for an account. */
export interface Resource {
  id: string;
  accountId: string;
  type: ResourceType;
  /** Host name, image reference (repo@digest), function name, repository URL. */
  name: string;
  tags: Record<string, string>;
  coverage: { status: CoverageStatus; reason?: CoverageReason; detail?: string };
  scanMode?: ScanMode;
  lastScannedAt?: string;
  createdAt: string;
  updatedAt: string;
}
