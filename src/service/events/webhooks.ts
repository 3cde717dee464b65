/**
 * Webhooks: every outbox event of the accounts a webhook's owner sees is POSTed to its URL as JSON, signed
 * with HMAC-SHA256 of the raw body. A delivery row is written in the transaction that appends the event
 * (`queueWebhookDeliveries`, called by `appendEvents`), so no event is missed and a restart loses none;
 * `WebhookDispatcher` sends due deliveries, at least once, retrying with exponential backoff.
 *
 * Just over ~400 lines: signing, the outbox fan-out, delivery with retries and the delivery views are one
 * delivery protocol kept in one place.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { OutboundConnectError, OutboundRefusedError } from "../../net/outbound.js";
import { type AccessScope, targetAccount, visibleAccounts } from "../core/access.js";
import type { ServiceContext } from "../core/context.js";
import { badRequest, notFound } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { EventRow, ServiceSchema } from "../db/schema.js";

/** The `webhooks` table (migration 0002). */
export interface WebhooksTable {
  id: string;
  account_id: string;
  url: string;
  /** JSON array of event types; empty: every type. */
  event_types: string;
  /** Kept in clear: it signs every delivery. Shown to the client once, at creation. */
  secret: string;
  created_at: string;
}

/** The `webhook_deliveries` table: one row per (webhook, event), the durable retry state. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  /** The exact JSON body that is sent and signed. */
  body: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  /** When the next attempt is due (while pending; also the lease of an attempt in flight). */
  next_attempt_at: string;
  last_error: string | null;
  last_status_code: number | null;
  created_at: string;
  updated_at: string;
}

declare module "../db/schema.js" {
  interface ServiceSchema {
    webhooks: WebhooksTable;
    webhook_deliveries: WebhookDeliveriesTable;
  }
}

/** A webhook as the API shows it (never its secret). */
export interface Webhook {
  id: string;
  accountId: string;
  url: string;
  /** Empty: every event type. */
  eventTypes: string[];
  createdAt: string;
}

function toWebhook(r: WebhooksTable): Webhook {
  return {
    id: r.id,
    accountId: r.account_id,
    url: r.url,
    eventTypes: JSON.parse(r.event_types) as string[],
    createdAt: r.created_at,
  };
}

type Db = Kysely<ServiceSchema> | Transaction<ServiceSchema>;

/**
 * Creates a webhook for the caller's account (or, for a delegated administrator, a member's). The secret
 * is the one given or a new random one; the result is the only place it is shown.
 * @throws ApiError 404 for an account outside the scope, 400 for a URL that is not http(s)
 */
export async function createWebhook(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  input: {
    url: string;
    eventTypes?: string[] | undefined;
    secret?: string | undefined;
    accountId?: string | undefined;
  },
  now: string,
): Promise<{ webhook: Webhook; secret: string }> {
  const accountId = targetAccount(scope, input.accountId);
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw badRequest(
      `url ${JSON.stringify(input.url)}: not a URL (give an absolute http:// or https:// URL)`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badRequest(`url ${JSON.stringify(input.url)}: only http:// and https:// URLs can receive webhooks`);
  }
  const row: WebhooksTable = {
    id: newId("whk", Date.parse(now)),
    account_id: accountId,
    url: url.toString(),
    event_types: JSON.stringify([...new Set(input.eventTypes ?? [])]),
    secret: input.secret ?? `whsec_${randomBytes(24).toString("base64url")}`,
    created_at: now,
  };
  await db.insertInto("webhooks").values(row).execute();
  return { webhook: toWebhook(row), secret: row.secret };
}

/** Webhooks of the given accounts, oldest first. */
export async function listWebhooks(db: Db, accountIds: readonly string[]): Promise<Webhook[]> {
  const rows = await db
    .selectFrom("webhooks")
    .selectAll()
    .where("account_id", "in", accountIds)
    .orderBy("id")
    .execute();
  return rows.map(toWebhook);
}

/**
 * One webhook the caller may see.
 * @throws ApiError 404 when it does not exist or is outside the scope
 */
export async function getWebhook(db: Db, scope: AccessScope, id: string): Promise<Webhook> {
  const row = await db
    .selectFrom("webhooks")
    .selectAll()
    .where("id", "=", id)
    .where("account_id", "in", visibleAccounts(scope))
    .executeTakeFirst();
  if (row === undefined) throw notFound("webhook", id);
  return toWebhook(row);
}

/**
 * Deletes a webhook and its pending deliveries.
 * @throws ApiError 404 when the caller may not see it
 */
export async function deleteWebhook(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  id: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await getWebhook(trx, scope, id);
    await trx.deleteFrom("webhook_deliveries").where("webhook_id", "=", id).execute();
    await trx.deleteFrom("webhooks").where("id", "=", id).execute();
  });
}

/**
 * Queues a delivery of each event to every webhook whose owner sees the event's account (the account
 * itself, or its delegated administrator) and whose type filter takes it. Called by `appendEvents` in the
 * transaction that appends the events.
 */
export async function queueWebhookDeliveries(
  db: Db,
  events: readonly Omit<EventRow, "seq">[],
): Promise<void> {
  if (events.length === 0) return;
  const accounts = [...new Set(events.map((e) => e.account_id))];
  const admins = await db
    .selectFrom("organization_members")
    .innerJoin("organizations", "organizations.id", "organization_members.organization_id")
    .select(["organization_members.account_id", "organizations.delegated_admin_account_id"])
    .where("organization_members.account_id", "in", accounts)
    .where("organizations.delegated_admin_account_id", "is not", null)
    .execute();
  const adminOf = new Map(admins.map((a) => [a.account_id, a.delegated_admin_account_id]));
  const owners = [...new Set([...accounts, ...admins.flatMap((a) => a.delegated_admin_account_id ?? [])])];
  const hooks = await db.selectFrom("webhooks").selectAll().where("account_id", "in", owners).execute();
  if (hooks.length === 0) return;
  const rows: WebhookDeliveriesTable[] = [];
  for (const e of events) {
    for (const h of hooks) {
      if (h.account_id !== e.account_id && h.account_id !== adminOf.get(e.account_id)) continue;
      const types = JSON.parse(h.event_types) as string[];
      if (types.length > 0 && !types.includes(e.type)) continue;
      rows.push({
        id: newId("dlv", Date.parse(e.created_at)),
        webhook_id: h.id,
        event_id: e.id,
        event_type: e.type,
        body: JSON.stringify({
          id: e.id,
          type: e.type,
          accountId: e.account_id,
          subjectId: e.subject_id,
          createdAt: e.created_at,
          payload: JSON.parse(e.payload) as unknown,
        }),
        status: "pending",
        attempts: 0,
        next_attempt_at: e.created_at,
        last_error: null,
        last_status_code: null,
        created_at: e.created_at,
        updated_at: e.created_at,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto("webhook_deliveries")
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/** `sha256=<hex HMAC-SHA256 of body with secret>`, the X-Vigil-Signature header. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Tuning of the dispatcher. */
export interface DispatcherOptions {
  /** How often the loop looks for due deliveries (default 1 s). */
  intervalMs?: number;
  /** Delay before the second attempt; doubled at each further one, at most 1 h (default 10 s). */
  baseDelayMs?: number;
  /** Attempts before a delivery is marked failed (default 10). */
  maxAttempts?: number;
  /** Timeout of one POST (default 10 s). */
  timeoutMs?: number;
  /** Deliveries sent per round (default 20). */
  batch?: number;
  log?: { error(obj: object, msg: string): void };
}

/**
 * Sends due webhook deliveries. Each attempt first leases its delivery (moves `next_attempt_at` past the
 * timeout, only if no one else did), so several dispatchers never send the same attempt twice, and a
 * dispatcher that dies mid-attempt leaves the delivery to be retried when the lease ends.
 */
export class WebhookDispatcher {
  readonly #ctx: ServiceContext;
  readonly #o: Required<Omit<DispatcherOptions, "log">>;
  readonly #log: DispatcherOptions["log"];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(ctx: ServiceContext, options: DispatcherOptions = {}) {
    this.#ctx = ctx;
    this.#o = {
      intervalMs: options.intervalMs ?? 1000,
      baseDelayMs: options.baseDelayMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 10,
      timeoutMs: options.timeoutMs ?? 10_000,
      batch: options.batch ?? 20,
    };
    this.#log = options.log;
  }

  /** Starts the loop. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (this.#running !== undefined) return;
      this.#running = this.tick()
        .catch((e: unknown) => {
          this.#log?.error({ err: e }, "webhook dispatch failed");
          return 0;
        })
        .finally(() => {
          this.#running = undefined;
        });
    }, this.#o.intervalMs);
    this.#timer.unref();
  }

  /** Stops the loop and waits for the round in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One round: sends every delivery due now (up to `batch`); returns how many were attempted. */
  async tick(): Promise<number> {
    const db = this.#ctx.sdb.db;
    const now = this.#ctx.now();
    const due = await db
      .selectFrom("webhook_deliveries")
      .innerJoin("webhooks", "webhooks.id", "webhook_deliveries.webhook_id")
      .select([
        "webhook_deliveries.id",
        "webhook_deliveries.event_type",
        "webhook_deliveries.body",
        "webhook_deliveries.attempts",
        "webhook_deliveries.next_attempt_at",
        "webhooks.url",
        "webhooks.secret",
      ])
      .where("webhook_deliveries.status", "=", "pending")
      .where("webhook_deliveries.next_attempt_at", "<=", now.toISOString())
      .orderBy("webhook_deliveries.next_attempt_at")
      .orderBy("webhook_deliveries.id")
      .limit(this.#o.batch)
      .execute();
    let sent = 0;
    for (const d of due) {
      const lease = new Date(now.getTime() + this.#o.timeoutMs + 5000).toISOString();
      const claimed = await db
        .updateTable("webhook_deliveries")
        .set({ next_attempt_at: lease })
        .where("id", "=", d.id)
        .where("status", "=", "pending")
        .where("next_attempt_at", "=", d.next_attempt_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      sent++;
      const outcome = await this.#post(d);
      const attempts = d.attempts + 1;
      const at = this.#ctx.now();
      const delay = Math.min(this.#o.baseDelayMs * 2 ** (attempts - 1), 3_600_000);
      await db
        .updateTable("webhook_deliveries")
        .set({
          status: outcome.ok ? "delivered" : attempts >= this.#o.maxAttempts ? "failed" : "pending",
          attempts,
          next_attempt_at: outcome.ok ? at.toISOString() : new Date(at.getTime() + delay).toISOString(),
          last_error: outcome.error ?? null,
          last_status_code: outcome.status ?? null,
          updated_at: at.toISOString(),
        })
        .where("id", "=", d.id)
        .execute();
    }
    return sent;
  }

  async #post(d: {
    id: string;
    event_type: string;
    body: string;
    url: string;
    secret: string;
  }): Promise<{ ok: boolean; status?: number; error?: string }> {
    const timeout = AbortSignal.timeout(this.#o.timeoutMs);
    try {
      // Through the outbound policy: a URL aimed at loopback, private or metadata addresses is refused
      // before any connection (redirects are not followed: a 3xx is a failed delivery).
      const res = await this.#ctx.outbound.fetch(d.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "vigil-webhooks",
          "x-vigil-event": d.event_type,
          "x-vigil-delivery": d.id,
          "x-vigil-signature": webhookSignature(d.secret, d.body),
        },
        body: d.body,
        redirect: "manual",
        signal: timeout,
      });
      await res.body?.cancel();
      // The receiver's status code is kept (it is what the tenant debugs with: 401 wrong secret check,
      // 404 wrong path); its body never is. Only addresses the outbound policy allows answer at all, so
      // the code tells nothing about networks the tenant could not reach itself.
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
      return { ok: false, status: res.status, error: `HTTP ${res.status}` };
    } catch (e) {
      if (timeout.aborted) {
        return { ok: false, error: `no answer within ${Math.round(this.#o.timeoutMs / 1000)} s` };
      }
      if (e instanceof OutboundRefusedError || e instanceof OutboundConnectError) {
        return { ok: false, error: e.message };
      }
      return { ok: false, error: "the delivery failed before an answer" };
    }
  }
}

/** A webhook's deliveries, newest first (for the API). */
export async function listDeliveries(db: Db, webhookId: string, limit: number) {
  const rows = await db
    .selectFrom("webhook_deliveries")
    .select([
      "id",
      "event_id",
      "event_type",
      "status",
      "attempts",
      "next_attempt_at",
      "last_error",
      "last_status_code",
      "created_at",
      "updated_at",
    ])
    .where("webhook_id", "=", webhookId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === "pending" ? r.next_attempt_at : null,
    lastError: r.last_error,
    lastStatusCode: r.last_status_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}
