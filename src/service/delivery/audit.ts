/**
 * The audit log: one row per mutating API call (POST, PUT, PATCH, DELETE) with who made it, what it acted
 * on and how it ended. Written by a Fastify `onSend` hook before the response leaves, so a client that got
 * a response can find its call in the log. Never holds request bodies, keys or secrets.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { type AccessScope, resolveAccounts, visibleAccounts } from "../core/access.js";
import type { Caller, ServiceContext } from "../core/context.js";
import { badRequest } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { ServiceSchema } from "../db/schema.js";

/** The `audit_log` table (migration 0002). */
export interface AuditLogTable {
  id: string;
  at: string;
  /** Null when the call was not authenticated (401). */
  account_id: string | null;
  api_key_id: string | null;
  method: string;
  /** The route pattern (`/v1/resources/:id`), or the path when no route matched. */
  route: string;
  target_id: string | null;
  status_code: number;
  source_address: string;
  request_id: string;
}

declare module "../db/schema.js" {
  interface ServiceSchema {
    audit_log: AuditLogTable;
  }
}

/** One audit entry as the API shows it. */
export interface AuditEntry {
  id: string;
  at: string;
  accountId: string | null;
  apiKeyId: string | null;
  method: string;
  route: string;
  targetId: string | null;
  statusCode: number;
  sourceAddress: string;
  requestId: string;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The path parameter a route acts on: `id`, else `accountId`, else the first one. */
function targetOf(params: unknown): string | null {
  if (params === null || typeof params !== "object") return null;
  const p = params as Record<string, unknown>;
  const v = p.id ?? p.accountId ?? Object.values(p)[0];
  return typeof v === "string" && v !== "" ? v.slice(0, 200) : null;
}

/**
 * A Fastify `onSend` hook that records mutating calls in the audit log. `callerOf` gives who made the
 * call, as the HTTP layer's authentication hook found it (undefined when it had no valid key). A failure
 * to record is logged, not shown to the client.
 */
export function auditHook(ctx: ServiceContext, callerOf: (request: FastifyRequest) => Caller | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (!MUTATING.has(request.method)) return payload;
    try {
      const caller = callerOf(request);
      const now = ctx.now();
      await ctx.sdb.db
        .insertInto("audit_log")
        .values({
          id: newId("aud", now.getTime()),
          at: now.toISOString(),
          account_id: caller?.accountId ?? null,
          api_key_id: caller?.keyId ?? null,
          method: request.method,
          route: request.routeOptions.url ?? request.url.split("?")[0]?.slice(0, 500) ?? "",
          target_id: targetOf(request.params),
          status_code: reply.statusCode,
          source_address: request.ip,
          request_id: String(request.id),
        })
        .execute();
    } catch (e) {
      request.log.error({ err: e }, "audit log write failed");
    }
    return payload;
  };
}

/** Filters of `GET /v1/audit`. */
export interface AuditFilter {
  accountIds?: string[] | undefined;
  method?: string[] | undefined;
  route?: string | undefined;
  targetId?: string | undefined;
  /** Inclusive ISO time. */
  since?: string | undefined;
  /** Exclusive ISO time. */
  until?: string | undefined;
}

/**
 * Audit entries of the accounts the caller sees, newest first, one page at a time (the cursor is the
 * last entry's id).
 * @throws ApiError 404 for a requested account outside the scope, 400 for a malformed cursor
 */
export async function listAudit(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  filter: AuditFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const accounts = resolveAccounts(scope, filter.accountIds, visibleAccounts(scope));
  if (page.cursor !== undefined && !/^aud_[0-9a-z]+$/.test(page.cursor)) {
    throw badRequest(`cursor ${JSON.stringify(page.cursor)}: not a cursor of GET /v1/audit (use nextCursor)`);
  }
  const rows = await db
    .selectFrom("audit_log")
    .selectAll()
    .where("account_id", "in", accounts)
    .$if(filter.method !== undefined, (q) => q.where("method", "in", filter.method as string[]))
    .$if(filter.route !== undefined, (q) => q.where("route", "=", filter.route as string))
    .$if(filter.targetId !== undefined, (q) => q.where("target_id", "=", filter.targetId as string))
    .$if(filter.since !== undefined, (q) => q.where("at", ">=", filter.since as string))
    .$if(filter.until !== undefined, (q) => q.where("at", "<", filter.until as string))
    .$if(page.cursor !== undefined, (q) => q.where("id", "<", page.cursor as string))
    .orderBy("id", "desc")
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((r) => ({
    id: r.id,
    at: r.at,
    accountId: r.account_id,
    apiKeyId: r.api_key_id,
    method: r.method,
    route: r.route,
    targetId: r.target_id,
    statusCode: r.status_code,
    sourceAddress: r.source_address,
    requestId: r.request_id,
  }));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}
