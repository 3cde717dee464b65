import type { Kysely } from "kysely";

/**
 * Host agents: when a host's agent last reported (an inventory or a heartbeat; hybrid mode reads it to
 * decide whether the agent is live), and who collected a resource's current inventory (`collector`,
 * JSON: kind agent/agentless/ci, version, kernel, listening ports). Portable types only, like 0001.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("resources").addColumn("agent_last_seen_at", "text").execute();
  await db.schema.alterTable("resources").addColumn("collector", "text").execute();
}

/** Drops what this migration added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("resources").dropColumn("collector").execute();
  await db.schema.alterTable("resources").dropColumn("agent_last_seen_at").execute();
}
