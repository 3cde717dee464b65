/**
 * The service database as a TypeScript type: one interface per table, columns in the portable subset both
 * dialects share. Ids are text, timestamps are ISO 8601 UTC text (`Date#toISOString()`, which sorts as
 * time), JSON is text. A query that does not fit this type does not compile.
 */
import type { Insertable, Selectable, Updateable } from "kysely";

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
}

/** The latest inventory of a resource, as CycloneDX 1.6 JSON with Vigil's properties. */
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
}

export type AccountRow = Selectable<AccountsTable>;
export type ResourceRow = Selectable<ResourcesTable>;
export type FindingRow = Selectable<FindingsTable>;
export type NewFinding = Insertable<FindingsTable>;
export type FindingUpdate = Updateable<FindingsTable>;
export type JobRow = Selectable<JobsTable>;
export type EventRow = Selectable<EventsTable>;
