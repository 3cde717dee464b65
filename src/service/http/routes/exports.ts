import { z } from "zod";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import { notFound } from "../../core/errors.js";
import {
  createExport,
  type ExportKind,
  exportFile,
  getExport,
  listExports,
  SBOM_FORMATS,
  type SbomExportRequest,
} from "../../delivery/exports.js";
import { visibleResource } from "../../resources/resources.js";
import type { Router } from "../route.js";
import { idList, idSchema, resourceTypeSchema } from "../schemas.js";

/** An export's status as the API shows it. */
export const exportSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["findings-report", "sbom-export"]),
    format: z.string(),
    status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    downloadPath: z.string().nullable().meta({ description: "GET this once status is SUCCEEDED" }),
  })
  .meta({ id: "Export" });

const idParams = z.object({ id: idSchema });

/** The query of the export listings: accounts, page size, cursor. */
export const exportListQuery = {
  accountId: idList()
    .optional()
    .meta({ description: "delegated administrator: only these accounts (default: every account it sees)" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().meta({ description: "`nextCursor` of the previous page" }),
};

/** A page of exports, newest first. */
export const exportPageSchema = z.object({
  items: z.array(exportSchema.extend({ accountId: z.string() })),
  nextCursor: z.string().nullable().meta({ description: "the next (older) page; null on the last" }),
});

/**
 * `GET {prefix}/:id/download`: the file of a finished export, with its content type (one of
 * `contentTypes`, as documented) and a `content-disposition` file name.
 */
export function downloadRoute(r: Router, prefix: string, kind: ExportKind, contentTypes: string[]): void {
  const file = z.string().meta({ format: "binary" });
  r.raw({
    method: "GET",
    path: `${prefix}/:id/download`,
    tag: kind === "sbom-export" ? "exports" : "reports",
    summary: `Download the file of a finished ${kind === "sbom-export" ? "SBOM export" : "findings report"} (409 NOT_READY until it has SUCCEEDED)`,
    params: idParams,
    response: {
      description: "the file, as an attachment",
      content: Object.fromEntries(contentTypes.map((t) => [t, file])),
    },
    handler: async ({ ctx, params, scope, reply }) => {
      const f = await exportFile(ctx.sdb.db, await scope(), kind, params.id);
      return reply
        .header("content-type", f.contentType)
        .header("content-disposition", `attachment; filename="${f.filename}"`)
        .send(f.data);
    },
  });
}

/** SBOM exports: CycloneDX or SPDX documents of one resource, or a zip of one per resource of a filter. */
export function sbomExportRoutes(r: Router): void {
  r.add({
    method: "POST",
    path: "/v1/sbom-exports",
    tag: "exports",
    summary:
      "Start an SBOM export (one resource: one document; otherwise a zip of one document per resource)",
    body: z.object({
      format: z.enum(SBOM_FORMATS),
      resourceId: idSchema.optional(),
      resourceType: resourceTypeSchema.optional(),
      accountIds: z
        .array(idSchema)
        .max(1000)
        .optional()
        .meta({ description: "delegated administrator: only these accounts" }),
    }),
    response: exportSchema,
    status: 202,
    handler: async ({ ctx, body, scope }) => {
      const s = await scope();
      let accountIds = resolveAccounts(s, body.accountIds, visibleAccounts(s));
      if (body.resourceId !== undefined) {
        const resource = await visibleResource(ctx.sdb.db, s, body.resourceId);
        if (!accountIds.includes(resource.account_id)) throw notFound("resource", body.resourceId);
        accountIds = [resource.account_id];
      }
      const request: SbomExportRequest = {
        format: body.format,
        accountIds,
        resourceId: body.resourceId,
        resourceType: body.resourceType,
      };
      return createExport(ctx, s.self, "sbom-export", body.format, request);
    },
  });
  r.add({
    method: "GET",
    path: "/v1/sbom-exports",
    tag: "exports",
    summary: "List SBOM exports, newest first: the caller's, and its members' for a delegated administrator",
    query: z.object(exportListQuery),
    response: exportPageSchema,
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      const accounts = resolveAccounts(s, query.accountId, visibleAccounts(s));
      return listExports(ctx.sdb.db, accounts, "sbom-export", query);
    },
  });
  r.add({
    method: "GET",
    path: "/v1/exports",
    tag: "exports",
    summary:
      "List findings reports and SBOM exports together (or one kind), newest first: the caller's, and its members' for a delegated administrator",
    query: z.object({
      ...exportListQuery,
      kind: z.enum(["findings-report", "sbom-export"]).optional().meta({ description: "default: both" }),
    }),
    response: exportPageSchema,
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      const accounts = resolveAccounts(s, query.accountId, visibleAccounts(s));
      return listExports(ctx.sdb.db, accounts, query.kind, query);
    },
  });
  r.add({
    method: "GET",
    path: "/v1/sbom-exports/:id",
    tag: "exports",
    summary: "Status of an SBOM export",
    params: idParams,
    response: exportSchema,
    handler: async ({ ctx, params, scope }) => getExport(ctx.sdb.db, await scope(), "sbom-export", params.id),
  });
  downloadRoute(r, "/v1/sbom-exports", "sbom-export", ["application/json", "application/zip"]);
}
