import type { OutboundPolicy } from "../../net/outbound.js";
import type { ServiceDb } from "../db/connect.js";
import type { JobQueue } from "../jobs/types.js";
import type { VulnDbSource } from "./vuln-db.js";

/** Durations that decide coverage. */
export interface CoverageSettings {
  /** A host inventory older than this is STALE_INVENTORY (default 7 days). */
  staleInventoryDays: number;
  // Image eligibility is per account: `imageRescan` of GET/PUT /v1/configuration (registries/configuration.ts).
}

export const DEFAULT_COVERAGE_SETTINGS: CoverageSettings = {
  staleInventoryDays: 7,
};

/** Everything the service functions need, passed in explicitly (no global state). */
export interface ServiceContext {
  readonly sdb: ServiceDb;
  readonly vulnDb: VulnDbSource;
  readonly queue: JobQueue;
  readonly coverage: CoverageSettings;
  /** The server's secret key for credentials at rest, read or generated on first use (registries/secret-key.ts). */
  readonly secretKey?: () => Buffer;
  /**
   * The outbound connection policy (src/net/outbound.ts): every connection a tenant can aim (registries,
   * token realms, redirects, webhooks, SSH targets) goes through it.
   */
  readonly outbound: OutboundPolicy;
  /** The clock. */
  now(): Date;
}

/** Who is calling: the account an API key belongs to. */
export interface Caller {
  accountId: string;
  keyId: string;
}
