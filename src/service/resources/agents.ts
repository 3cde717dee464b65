/**
 * Host agents on the server side: who collected a resource's current inventory (`resources.collector`)
 * and when a host's agent last reported (`resources.agent_last_seen_at`, an inventory or a heartbeat).
 * Hybrid mode reads `agent_last_seen_at` to decide whether a host's agent is live.
 */
import type { Kysely } from "kysely";
import type { Collector } from "../../host/collector.js";
import type { ServiceSchema } from "../db/schema.js";

const KINDS = new Set(["agent", "agentless", "ci"]);

/** The stored `resources.collector` JSON back as a Collector (null when absent or not one). */
export function parseCollector(text: string | null): Collector | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Collector;
    return typeof v === "object" && v !== null && KINDS.has(v.kind) ? v : null;
  } catch {
    return null;
  }
}

/**
 * Records who collected the inventory about to be stored for a resource (null: unknown, e.g. an SBOM
 * uploaded by hand). An agent's inventory also counts as the agent being seen.
 */
export async function recordCollector(
  db: Kysely<ServiceSchema>,
  resourceId: string,
  collector: Collector | undefined,
  nowIso: string,
): Promise<void> {
  await db
    .updateTable("resources")
    .set({
      collector: collector === undefined ? null : JSON.stringify(collector),
      ...(collector?.kind === "agent" ? { agent_last_seen_at: nowIso } : {}),
    })
    .where("id", "=", resourceId)
    .execute();
}

/**
 * An agent's heartbeat: marks the account's host `hostName` as seen by its agent now.
 * @returns the host's resource id, or undefined when the account has no such host (the agent then
 *   sends its whole inventory, which creates it)
 */
export async function recordHeartbeat(
  db: Kysely<ServiceSchema>,
  accountId: string,
  hostName: string,
  nowIso: string,
): Promise<string | undefined> {
  const row = await db
    .updateTable("resources")
    .set({ agent_last_seen_at: nowIso })
    .where("account_id", "=", accountId)
    .where("type", "=", "host")
    .where("name", "=", hostName)
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}
