/**
 * The service database as a TypeScript type: one interface per table, columns in the portable subset both
 * dialects share. Ids are text, timestamps are ISO 8601 UTC text (`Date#toISOString()`, which sorts as
 * time), JSON is text. A query that does not fit this type does not compile.
 */
import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";

export interface AccountsTable {
  id: string;
  name: string;
  created_at: string;
}

/** API keys: `vigil_<id>_<secret>`; only the SHA-256 of the whole key is kept, the id finds the row. */
export interface ApiKeysTable {
  id: string;
  account_id: string;
  name: string;
  /** Hex SHA-256 of the whole key. */
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  /** The account that created the organization; it appoints the delegated administrator. */
  management_account_id: string;
  delegated_admin_account_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Accounts a delegated administrator manages. An account belongs to at most one organization. */
export interface OrganizationMembersTable {
  account_id: string;
  organization_id: string;
  associated_at: string;
}

/** Scan type activation per account; a missing row means disabled. */
export interface ActivationTable {
  account_id: string;
  scan_type: string;
  status: "ENABLED" | "DISABLED";
  updated_at: string;
}

export interface ResourcesTable {
  id: string;
  account_id: string;
  type: string;
  name: string;
  /** JSON object of string -> string. */
  tags: string;
  coverage_status: string;
  coverage_reason: string | null;
  coverage_detail: string | null;
  /** Images: when the image was pushed (scan eligibility). */
  pushed_at: string | null;
  /** When the current inventory was submitted. */
  inventory_at: string | null;
  last_scanned_at: string | null;
  created_at: string;
  updated_at: string;
  /** Hosts: when the host's agent last reported, inventory or heartbeat (hybrid mode reads it; 0006). */
  agent_last_seen_at: string | null;
  /** JSON: who collected the current inventory, `{kind: "agent" | "agentless" | "ci", version?, kernel?, listeningPorts?}` (0006). */
  collector: string | null;
  /** Hosts: the scan mode in use, "AGENT" | "AGENTLESS" | null (../agentless/scan.ts; 0007). */
  scan_mode: string | null;
  /** SHA-256 of what matching reads of the stored inventory (OS, packages, runtimes), equal for replicas (0004). */
  inventory_digest: string | null;
}

/** The latest inventory of a resource: Vigil's versioned inventory JSON (db/inventory-document.ts; 0011). */
export interface ResourceInventoriesTable {
  resource_id: string;
  format: string;
  document: string;
  /** Hex SHA-256 of document. */
  sha256: string;
  package_count: number;
  submitted_at: string;
}

/**
 * The reverse index: which resources hold which package, under the keys the matcher looks it up by
 * (`name` is the vulnerability database's package key: PyPI names normalised; a distro package appears
 * under its source package and its binary name). A ChangeSet's (ecosystem, name) pairs find rows here.
 */
export interface ResourcePackagesTable {
  resource_id: string;
  ecosystem: string;
  name: string;
  version: string;
  /** JSON: the inventory's packages under this key, `[{i, p}]` (db/inventory-document.ts; 0011). */
  packages: string | null;
}

export interface FindingsTable {
  resource_id: string;
  /** The finding's stable id (scope = resource id, vulnerability, package). */
  id: string;
  account_id: string;
  resource_type: string;
  scan_type: string;
  type: string;
  vulnerability_id: string;
  package_ecosystem: string | null;
  package_name: string | null;
  package_version: string | null;
  severity: string;
  /** 0 informational/untriaged .. 4 critical, for sorting. */
  severity_rank: number;
  risk: number;
  fix_available: string;
  status: string;
  /** Why the finding is in its status (CLOSED: RESOLVED, SCAN_TYPE_DISABLED, EXCLUDED_BY_TAG...). */
  status_reason: string | null;
  first_observed_at: string;
  last_observed_at: string;
  updated_at: string;
  closed_at: string | null;
  /** The whole Finding as JSON, as the scan pipeline produced it. */
  detail: string;
}

/** The outbox: every state change, appended in the transaction that made it. */
export interface EventsTable {
  id: string;
  account_id: string;
  type: string;
  subject_id: string;
  /** JSON. */
  payload: string;
  created_at: string;
  /** Outbox order, given once committed (events.ts `sequenceEvents`); bigint (text from PostgreSQL). */
  seq: ColumnType<number | string | null, never, number | null>;
}

export interface JobsTable {
  id: string;
  type: string;
  /** JSON. */
  payload: string;
  status: "queued" | "running" | "done" | "failed";
  attempts: number;
  max_attempts: number;
  run_after: string;
  locked_by: string | null;
  locked_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** Periodic work (../scheduler.ts): due when next_run_at <= now; claimed by moving next_run_at. */
export interface SchedulesTable {
  name: string;
  job_type: string;
  /** JSON. */
  payload: string;
  /** PostgreSQL returns bigint as a string: read it with Number(). */
  every_ms: ColumnType<number | string, number, number>;
  next_run_at: string;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Hosts scanned over SSH (../agentless/); one row per host resource. */
export interface AgentlessTargetsTable {
  resource_id: string;
  account_id: string;
  address: string;
  port: number;
  username: string;
  /** The private key, sealed with the server's secret key (../secrets.ts). */
  private_key: string;
  /** The pinned host key, `<type> <base64>`; null until first use when trusted on first use. */
  host_key: string | null;
  /** "pinned" (given at registration) or "first-use" (recorded at the first connection). */
  host_key_source: string;
  /** Where the host's system is as the SSH user sees it; null: "/". */
  root: string | null;
  /** "hybrid" (default), "agent" or "agentless". */
  mode: string;
  interval_hours: number;
  last_scan_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** Kysely's view of the whole service database. */
export interface ServiceSchema {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  organizations: OrganizationsTable;
  organization_members: OrganizationMembersTable;
  activation: ActivationTable;
  resources: ResourcesTable;
  resource_inventories: ResourceInventoriesTable;
  resource_packages: ResourcePackagesTable;
  findings: FindingsTable;
  events: EventsTable;
  jobs: JobsTable;
  schedules: SchedulesTable;
  agentless_targets: AgentlessTargetsTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type ResourceRow = Selectable<ResourcesTable>;
export type FindingRow = Selectable<FindingsTable>;
export type NewFinding = Insertable<FindingsTable>;
export type FindingUpdate = Updateable<FindingsTable>;
export type JobRow = Selectable<JobsTable>;
export type EventRow = Selectable<EventsTable>;
