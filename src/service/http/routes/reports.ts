import { z } from "zod";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import { createExport, getExport, listExports } from "../../delivery/exports.js";
import { type FindingsReportRequest, REPORT_FORMATS } from "../../delivery/reports.js";
import type { Router } from "../route.js";
import { idSchema, resourceTypeSchema, severitySchema, statusSchema } from "../schemas.js";
import { downloadRoute, exportListQuery, exportPageSchema, exportSchema } from "./exports.js";

/** The filters of `GET /v1/findings`, as a JSON body (lists are arrays). */
const reportFilter = z.object({
  accountIds: z
    .array(idSchema)
    .max(1000)
    .optional()
    .meta({ description: "delegated administrator: only these accounts" }),
  severity: z.array(severitySchema).optional(),
  status: z.array(statusSchema).optional().meta({ description: "default [ACTIVE]" }),
  vulnerabilityId: z.string().max(200).optional(),
  packageName: z.string().max(500).optional(),
  resourceType: z.array(resourceTypeSchema).optional(),
  resourceId: idSchema.optional(),
  fixAvailable: z.array(z.enum(["YES", "NO", "PARTIAL"])).optional(),
  type: z
    .array(z.enum(["PACKAGE_VULNERABILITY", "NETWORK_REACHABILITY", "CODE_VULNERABILITY", "END_OF_LIFE"]))
    .optional(),
  minRisk: z.number().min(0).max(10).optional(),
  maxRisk: z.number().min(0).max(10).optional(),
});

/** Findings reports (CSV, JSON) of a findings filter, built by a job. */
export function reportRoutes(r: Router): void {
  r.add({
    method: "POST",
    path: "/v1/reports",
    tag: "reports",
    summary: "Start a findings report of a filter (the filters of GET /v1/findings)",
    body: z.object({ format: z.enum(REPORT_FORMATS), filter: reportFilter.default({}) }),
    response: exportSchema,
    status: 202,
    handler: async ({ ctx, body, scope }) => {
      const s = await scope();
      const request: FindingsReportRequest = {
        filter: {
          ...body.filter,
          accountIds: resolveAccounts(s, body.filter.accountIds, visibleAccounts(s)),
        },
      };
      return createExport(ctx, s.self, "findings-report", body.format, request);
    },
  });
  r.add({
    method: "GET",
    path: "/v1/reports",
    tag: "reports",
    summary:
      "List findings reports, newest first: the caller's, and its members' for a delegated administrator",
    query: z.object(exportListQuery),
    response: exportPageSchema,
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      const accounts = resolveAccounts(s, query.accountId, visibleAccounts(s));
      return listExports(ctx.sdb.db, accounts, "findings-report", query);
    },
  });
  r.add({
    method: "GET",
    path: "/v1/reports/:id",
    tag: "reports",
    summary: "Status of a findings report",
    params: z.object({ id: idSchema }),
    response: exportSchema,
    handler: async ({ ctx, params, scope }) =>
      getExport(ctx.sdb.db, await scope(), "findings-report", params.id),
  });
  downloadRoute(r, "/v1/reports", "findings-report", ["text/csv", "application/json"]);
}
