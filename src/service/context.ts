import type { ServiceDb } from "./db/connect.js";
import type { JobQueue } from "./jobs/types.js";
import type { VulnDbSource } from "./vuln-db.js";

/** Durations that decide coverage. */
export interface CoverageSettings {
  /** A host inventory older than this is STALE_INVENTORY (default 7 days). */
  staleInventoryDays: number;
  /** An image pushed longer ago than this is SCAN_ELIGIBILITY_EXPIRED (default 90 days). */
  imageEligibilityDays: number;
}

export const DEFAULT_COVERAGE_SETTINGS: CoverageSettings = {
  staleInventoryDays: 7,
  imageEligibilityDays: 90,
};

/** Everything the service functions need, passed in explicitly (no global state). */
export interface ServiceContext {
  readonly sdb: ServiceDb;
  readonly vulnDb: VulnDbSource;
  readonly queue: JobQueue;
  readonly coverage: CoverageSettings;
  /** The clock. */
  now(): Date;
}

/** Who is calling: the account an API key belongs to. */
export interface Caller {
  accountId: string;
  keyId: string;
}
