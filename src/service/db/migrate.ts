import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import { VigilError } from "../../errors.js";
import * as initial from "./migrations/0001-initial.js";
import * as suppressionWebhooksAudit from "./migrations/0002-suppression-webhooks-audit.js";
import * as reportsExports from "./migrations/0003-reports-exports.js";
import * as exportBytes from "./migrations/0004-export-bytes.js";
import * as registries from "./migrations/0005-registries.js";
import * as agents from "./migrations/0006-agents.js";
import * as schedulesAgentless from "./migrations/0007-schedules-agentless.js";
import * as functions from "./migrations/0008-functions.js";
import * as dashboard from "./migrations/0009-dashboard.js";
import * as functionCode from "./migrations/0010-function-code.js";
import * as inventoryModel from "./migrations/0011-inventory-model.js";
import type { ServiceSchema } from "./schema.js";

/** Every migration, in order. A new one is a new file in ./migrations and one line here. */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-suppression-webhooks-audit": suppressionWebhooksAudit,
  "0003-reports-exports": reportsExports,
  "0004-export-bytes": exportBytes,
  "0005-registries": registries,
  "0006-agents": agents,
  "0007-schedules-agentless": schedulesAgentless,
  "0008-functions": functions,
  "0009-dashboard": dashboard,
  "0010-function-code": functionCode,
  "0011-inventory-model": inventoryModel,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Brings the service database to the latest schema (Kysely's Migrator keeps its own table and lock).
 * @throws VigilError naming the migration that failed
 */
export async function migrateToLatest(db: Kysely<ServiceSchema>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error !== undefined) {
    throw new VigilError(
      "MIGRATION_FAILED",
      `service database migration ${failed?.migrationName ?? "(unknown)"} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
