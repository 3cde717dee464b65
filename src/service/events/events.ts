import { type Kysely, PostgresAdapter, sql, type Transaction } from "kysely";
import { newId } from "../core/ids.js";
import type { EventRow, ServiceSchema } from "../db/schema.js";
import { queueWebhookDeliveries } from "./webhooks.js";

/**
 * Event types written to the outbox. Readers (`GET /v1/events`, the event stream) read it in `seq`
 * order with `eventsAfter` and keep their own cursor; webhook deliveries are queued with the events.
 *
 * Why `seq` and not the id: an event's id is made from the time its writer took, and on PostgreSQL a
 * transaction that took an earlier time can commit after one that took a later time; a reader that
 * had passed the later id would never see the earlier one. So events are numbered only once committed:
 * `sequenceEvents` (run by every reader before it reads) gives the committed events that have no
 * number yet the numbers after every number given before, oldest id first, in one statement under a
 * lock (a PostgreSQL advisory lock; SQLite has one writer). An event that commits late is numbered
 * late, after what readers already passed, and they see it next.
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

/** The advisory lock key that serializes sequencing rounds on PostgreSQL ("vigil-ev"). */
const SEQUENCE_LOCK = 0x7669_6769_6c2d_6576n;
/** Events numbered per statement. */
const SEQUENCE_BATCH = 1000;

type Db = Kysely<ServiceSchema> | Transaction<ServiceSchema>;

/**
 * Numbers the committed events that have no `seq` yet, after every numbered one, oldest id first.
 * Cheap when there are none (one look-up in a partial index). Returns how many it numbered.
 */
export async function sequenceEvents(db: Kysely<ServiceSchema>): Promise<number> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let total = 0;
  for (;;) {
    const pending = await db.selectFrom("events").select("id").where("seq", "is", null).limit(1).execute();
    if (pending.length === 0) return total;
    const n = await db.transaction().execute(async (trx) => {
      // The UPDATE's snapshot is taken after the lock is held: it sees every number given before.
      if (postgres) await sql`SELECT pg_advisory_xact_lock(${SEQUENCE_LOCK})`.execute(trx);
      const r = await sql`
        UPDATE events SET seq = m.top + s.rn
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn
              FROM events WHERE seq IS NULL ORDER BY id LIMIT ${SEQUENCE_BATCH}) AS s,
             (SELECT COALESCE(MAX(seq), 0) AS top FROM events) AS m
        WHERE events.id = s.id`.execute(trx);
      return Number(r.numAffectedRows ?? 0n);
    });
    total += n;
    if (n < SEQUENCE_BATCH) return total;
  }
}

/**
 * Where an event is in the outbox order: its `seq`, for a cursor given as an event id ("" is the start).
 * Undefined when there is no such event.
 */
export async function eventPosition(db: Db, eventId: string): Promise<number | undefined> {
  if (eventId === "") return 0;
  const row = await db.selectFrom("events").select("seq").where("id", "=", eventId).executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? undefined : Number(row.seq);
}

/** The position of the newest numbered event (0 when none). */
export async function lastEventPosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("seq").as("top"))
    .executeTakeFirst();
  return row?.top === null || row?.top === undefined ? 0 : Number(row.top);
}

/**
 * Outbox events after the position `after` (exclusive), in outbox order, of the given accounts (all when
 * undefined). Numbers the events committed since the last read first.
 */
export async function eventsSince(
  db: Kysely<ServiceSchema>,
  after: number,
  options: { limit: number; accounts?: readonly string[] },
): Promise<EventRow[]> {
  await sequenceEvents(db);
  return db
    .selectFrom("events")
    .selectAll()
    .where("seq", ">", after)
    .$if(options.accounts !== undefined, (q) => q.where("account_id", "in", options.accounts as string[]))
    .orderBy("seq")
    .limit(options.limit)
    .execute();
}

/**
 * Outbox events after the event `afterId` (exclusive; "" from the start), in outbox order.
 * @throws Error when `afterId` names no event
 */
export async function eventsAfter(
  db: Kysely<ServiceSchema>,
  afterId: string,
  limit = 100,
): Promise<EventRow[]> {
  await sequenceEvents(db);
  const after = await eventPosition(db, afterId);
  if (after === undefined) throw new Error(`no event ${afterId}`);
  return eventsSince(db, after, { limit });
}
