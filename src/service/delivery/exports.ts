/**
 * Exports run as jobs: findings reports (./reports.ts) and SBOM exports (here). One `exports` row per
 * request: who asked, what (kind, format, request JSON), its status (QUEUED, RUNNING, SUCCEEDED, FAILED)
 * and, once done, the file (bytes in `data`: bytea on PostgreSQL, blob on SQLite). A job that fails is
 * retried (EXPORT_ATTEMPTS in all, with the queue's backoff) unless the request itself cannot be met.
 */
import type { Kysely } from "kysely";
import { inventoryToCycloneDx } from "../../formats/cyclonedx.js";
import { inventoryToSpdxJson } from "../../formats/spdx.js";
import { type AccessScope, visibleAccounts } from "../core/access.js";
import type { ServiceContext } from "../core/context.js";
import { ApiError, notFound } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { ServiceSchema } from "../db/schema.js";
import { decodeStoredInventory } from "../resources/inventory-codec.js";
import { writeZip } from "./zip-writer.js";

/** Exports: one row per report or SBOM export request. */
export interface ExportsTable {
  id: string;
  account_id: string;
  kind: ExportKind;
  format: string;
  /** The request as JSON (filter, resolved accounts). */
  request: string;
  status: ExportStatus;
  error: string | null;
  content_type: string | null;
  filename: string | null;
  /** Unused since migration 0004 (the file was base64 text here); always null. */
  content: string | null;
  /** The file. */
  data: Buffer | null;
  created_at: string;
  updated_at: string;
}

declare module "../db/schema.js" {
  interface ServiceSchema {
    exports: ExportsTable;
  }
}

/** A findings report or an SBOM export. */
export type ExportKind = "findings-report" | "sbom-export";
export type ExportStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";

/** SBOM formats of an export. */
export const SBOM_FORMATS = ["cyclonedx", "spdx"] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

/** Which resources an SBOM export covers (all of them within the resolved accounts when nothing else). */
export interface SbomExportRequest {
  format: SbomFormat;
  /** Accounts resolved against the requester's scope when the export was created. */
  accountIds: string[];
  resourceId?: string | undefined;
  resourceType?: string | undefined;
}

declare module "../jobs/types.js" {
  interface JobPayloads {
    /** Builds the file of an `exports` row (report or SBOM export). */
    export: { exportId: string };
  }
}

/** An export as the API shows it. */
export interface ExportView {
  id: string;
  kind: ExportKind;
  format: string;
  status: ExportStatus;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  /** Where the file is, once SUCCEEDED. */
  downloadPath: string | null;
}

const DOWNLOAD_PREFIX: Record<ExportKind, string> = {
  "findings-report": "/v1/reports",
  "sbom-export": "/v1/sbom-exports",
};

function toView(r: {
  id: string;
  kind: ExportKind;
  format: string;
  status: ExportStatus;
  error: string | null;
  created_at: string;
  updated_at: string;
}): ExportView {
  return {
    id: r.id,
    kind: r.kind,
    format: r.format,
    status: r.status,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    downloadPath: r.status === "SUCCEEDED" ? `${DOWNLOAD_PREFIX[r.kind]}/${r.id}/download` : null,
  };
}

/** Records an export request and enqueues its job, in one transaction. */
export async function createExport(
  ctx: ServiceContext,
  accountId: string,
  kind: ExportKind,
  format: string,
  request: object,
): Promise<ExportView> {
  const now = ctx.now().toISOString();
  const row = {
    id: newId(kind === "findings-report" ? "rpt" : "sbx"),
    account_id: accountId,
    kind,
    format,
    request: JSON.stringify(request),
    status: "QUEUED" as const,
    error: null,
    content_type: null,
    filename: null,
    content: null,
    data: null,
    created_at: now,
    updated_at: now,
  };
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.insertInto("exports").values(row).execute();
    await ctx.queue.enqueue("export", { exportId: row.id }, { trx, maxAttempts: EXPORT_ATTEMPTS });
  });
  return toView(row);
}

/**
 * An export of this kind the caller may see (its own account's, or a member's for a delegated
 * administrator).
 * @throws ApiError 404 when it does not exist or is not visible
 */
export async function getExport(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  kind: ExportKind,
  id: string,
): Promise<ExportView> {
  const row = await db
    .selectFrom("exports")
    .select(["id", "kind", "format", "status", "error", "created_at", "updated_at"])
    .where("id", "=", id)
    .where("kind", "=", kind)
    .where("account_id", "in", visibleAccounts(scope))
    .executeTakeFirst();
  if (row === undefined) throw notFound(kind === "findings-report" ? "report" : "SBOM export", id);
  return toView(row);
}

/** A finished export's file. */
export interface ExportFile {
  contentType: string;
  filename: string;
  data: Buffer;
}

/**
 * The file of a SUCCEEDED export the caller may see.
 * @throws ApiError 404 when not visible, 409 while it is not SUCCEEDED
 */
export async function exportFile(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  kind: ExportKind,
  id: string,
): Promise<ExportFile> {
  const view = await getExport(db, scope, kind, id);
  const row = await db
    .selectFrom("exports")
    .select(["content_type", "filename", "data"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  if (view.status !== "SUCCEEDED" || row.data === null) {
    throw new ApiError(
      409,
      "NOT_READY",
      `${kind === "findings-report" ? "report" : "SBOM export"} ${id} is ${view.status}: download it once its status is SUCCEEDED`,
    );
  }
  return {
    contentType: row.content_type ?? "application/octet-stream",
    filename: row.filename ?? id,
    data: Buffer.from(row.data),
  };
}

/** What building one kind of export produces. */
export type ExportBuilder = (
  ctx: ServiceContext,
  row: { id: string; format: string; request: string },
) => Promise<ExportFile>;

/** Attempts of an export job (the queue retries a failed one with backoff). */
export const EXPORT_ATTEMPTS = 3;

/** An export whose request cannot be met (nothing to export): failed at once, not retried. */
export class ExportRequestError extends Error {}

/**
 * Runs an export job: RUNNING, then the builder of its kind, then SUCCEEDED with the file. When the
 * builder fails, the export goes back to QUEUED with the error and the job throws (the queue retries
 * it after a backoff), until the last attempt or an ExportRequestError: FAILED with the reason.
 * @param attempt this attempt (1-based), as the job queue counts it
 */
export async function runExport(
  ctx: ServiceContext,
  exportId: string,
  builders: Record<ExportKind, ExportBuilder>,
  attempt = EXPORT_ATTEMPTS,
): Promise<void> {
  const db = ctx.sdb.db;
  const row = await db.selectFrom("exports").selectAll().where("id", "=", exportId).executeTakeFirst();
  if (row === undefined) return;
  await db
    .updateTable("exports")
    .set({ status: "RUNNING", updated_at: ctx.now().toISOString() })
    .where("id", "=", exportId)
    .execute();
  try {
    const file = await builders[row.kind](ctx, row);
    await db
      .updateTable("exports")
      .set({
        status: "SUCCEEDED",
        content_type: file.contentType,
        filename: file.filename,
        data: file.data,
        error: null,
        updated_at: ctx.now().toISOString(),
      })
      .where("id", "=", exportId)
      .execute();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const final = attempt >= EXPORT_ATTEMPTS || e instanceof ExportRequestError;
    await db
      .updateTable("exports")
      .set({
        status: final ? "FAILED" : "QUEUED",
        error: final ? message : `attempt ${attempt} of ${EXPORT_ATTEMPTS} failed (retrying): ${message}`,
        updated_at: ctx.now().toISOString(),
      })
      .where("id", "=", exportId)
      .execute();
    if (!final) throw e;
  }
}

const ENCODERS: Record<SbomFormat, (text: string, what: string) => string> = {
  cyclonedx: (text, what) => inventoryToCycloneDx(decodeStoredInventory(text, what)),
  spdx: (text, what) => inventoryToSpdxJson(decodeStoredInventory(text, what)),
};

/** A file name made of a resource's type and name (safe in a zip and a Content-Disposition). */
function fileStem(type: string, name: string, id: string): string {
  const clean = `${type}-${name}`.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120);
  return `${clean}-${id}`;
}

/**
 * Builds an SBOM export: one document (JSON) for one resource, or a zip of one document per resource
 * with an inventory for a filter. Resources without an inventory are left out.
 */
export const buildSbomExport: ExportBuilder = async (ctx, row) => {
  const req = JSON.parse(row.request) as SbomExportRequest;
  const rows = await ctx.sdb.db
    .selectFrom("resources")
    .innerJoin("resource_inventories", "resource_inventories.resource_id", "resources.id")
    .select(["resources.id", "resources.type", "resources.name", "resource_inventories.document"])
    .where("resources.account_id", "in", req.accountIds)
    .$if(req.resourceId !== undefined, (q) => q.where("resources.id", "=", req.resourceId as string))
    .$if(req.resourceType !== undefined, (q) => q.where("resources.type", "=", req.resourceType as string))
    .orderBy("resources.id")
    .execute();
  const encode = ENCODERS[req.format];
  const suffix = req.format === "cyclonedx" ? "cdx.json" : "spdx.json";
  if (req.resourceId !== undefined) {
    const r = rows[0];
    if (r === undefined)
      throw new ExportRequestError(`resource ${req.resourceId} has no inventory to export`);
    return {
      contentType: "application/json",
      filename: `${fileStem(r.type, r.name, r.id)}.${suffix}`,
      data: Buffer.from(encode(r.document, `resource ${r.id}`)),
    };
  }
  const entries = rows.map((r) => ({
    name: `${fileStem(r.type, r.name, r.id)}.${suffix}`,
    data: Buffer.from(encode(r.document, `resource ${r.id}`)),
  }));
  return {
    contentType: "application/zip",
    filename: `sbom-export-${row.id}.zip`,
    data: writeZip(entries, ctx.now()),
  };
};

/** One page of exports, newest first. */
export interface ExportPage {
  items: (ExportView & { accountId: string })[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Exports (of one kind, or both) in `accountIds` (already resolved against the caller's scope), newest first
 * (created_at, then id), `limit` a page after `cursor` (keyset: stable while new exports are made).
 * @throws ApiError 400 for a cursor this API did not return
 */
export async function listExports(
  db: Kysely<ServiceSchema>,
  accountIds: readonly string[],
  kind: ExportKind | undefined,
  page: { limit: number; cursor?: string | undefined },
): Promise<ExportPage> {
  let after: [string, string] | undefined;
  if (page.cursor !== undefined) {
    try {
      const c = JSON.parse(Buffer.from(page.cursor, "base64url").toString("utf8")) as unknown;
      if (Array.isArray(c) && c.length === 2 && c.every((v) => typeof v === "string"))
        after = c as [string, string];
    } catch {
      // reported below
    }
    if (after === undefined)
      throw new ApiError(400, "VALIDATION_ERROR", "cursor: not a cursor this API returned");
  }
  const cursor = after;
  const rows = await db
    .selectFrom("exports")
    .select(["id", "account_id", "kind", "format", "status", "error", "created_at", "updated_at"])
    .$if(kind !== undefined, (q) => q.where("kind", "=", kind as ExportKind))
    .where("account_id", "in", [...accountIds])
    .$if(cursor !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb("created_at", "<", (cursor as [string, string])[0]),
          eb.and([
            eb("created_at", "=", (cursor as [string, string])[0]),
            eb("id", "<", (cursor as [string, string])[1]),
          ]),
        ]),
      ),
    )
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((r) => ({ ...toView(r), accountId: r.account_id }));
  const last = rows.length > page.limit ? items[items.length - 1] : undefined;
  return {
    items,
    nextCursor:
      last === undefined
        ? null
        : Buffer.from(JSON.stringify([last.createdAt, last.id]), "utf8").toString("base64url"),
  };
}
