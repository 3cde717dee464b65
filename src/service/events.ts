import type { Kysely, Transaction } from "kysely";
import type { EventRow, ServiceSchema } from "./db/schema.js";
import { newId } from "./ids.js";
import { queueWebhookDeliveries } from "./webhooks.js";

/**
 * Event types written to the outbox. Webhooks, the event stream and the audit log (part 2) read the
 * outbox in id order with `eventsAfter` and keep their own cursor.
 */
export type EventType =
  | "account.created"
  | "organization.created"
  | "organization.delegated_admin_changed"
  | "organization.member_associated"
  | "organization.member_disassociated"
  | "activation.changed"
  | "resource.created"
  | "resource.deleted"
  | "resource.inventory_submitted"
  | "resource.coverage_changed"
  | "finding.created"
  | "finding.updated"
  | "finding.reopened"
  | "finding.closed"
  | "suppression_rule.created"
  | "suppression_rule.deleted";

/** One event, before it gets its id and time. */
export interface ServiceEvent {
  accountId: string;
  type: EventType;
  /** The resource, finding, organization or account the event is about. */
  subjectId: string;
  payload: Record<string, unknown>;
}

/** Appends events to the outbox, in the caller's transaction: they commit or roll back with the change. */
export async function appendEvents(
  trx: Transaction<ServiceSchema> | Kysely<ServiceSchema>,
  events: readonly ServiceEvent[],
  now: string,
): Promise<void> {
  if (events.length === 0) return;
  const ms = Date.parse(now);
  for (let i = 0; i < events.length; i += 500) {
    const rows = events.slice(i, i + 500).map((e) => ({
      id: newId("evt", ms),
      account_id: e.accountId,
      type: e.type,
      subject_id: e.subjectId,
      payload: JSON.stringify(e.payload),
      created_at: now,
    }));
    await trx.insertInto("events").values(rows).execute();
    await queueWebhookDeliveries(trx, rows);
  }
}

/** Outbox events after `afterId` (exclusive; "" from the start), oldest first. */
export async function eventsAfter(
  db: Kysely<ServiceSchema>,
  afterId: string,
  limit = 100,
): Promise<EventRow[]> {
  return db.selectFrom("events").selectAll().where("id", ">", afterId).orderBy("id").limit(limit).execute();
}
