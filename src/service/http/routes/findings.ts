import { z } from "zod";
import {
  AGGREGATIONS,
  aggregateFindings,
  type FindingFilter,
  getFinding,
  listFindings,
  SORT_KEYS,
} from "../../evaluation/findings.js";
import type { Router } from "../route.js";
import { csvList, findingSchema, idList, idSchema, limitSchema, severitySchema } from "../schemas.js";

const filterQuery = {
  severity: csvList(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNTRIAGED"]).optional(),
  status: csvList(["ACTIVE", "SUPPRESSED", "CLOSED"])
    .optional()
    .meta({ description: "comma-separated, any of: ACTIVE, SUPPRESSED, CLOSED (default ACTIVE)" }),
  vulnerabilityId: z.string().max(200).optional(),
  packageName: z.string().max(500).optional(),
  resourceType: csvList(["host", "image", "function", "repository"]).optional(),
  resourceId: idSchema.optional(),
  accountId: idList()
    .optional()
    .meta({ description: "delegated administrator: only these accounts (comma-separated)" }),
  fixAvailable: csvList(["YES", "NO", "PARTIAL"]).optional(),
  type: csvList([
    "PACKAGE_VULNERABILITY",
    "NETWORK_REACHABILITY",
    "CODE_VULNERABILITY",
    "END_OF_LIFE",
  ]).optional(),
  minRisk: z.coerce.number().min(0).max(10).optional(),
  maxRisk: z.coerce.number().min(0).max(10).optional(),
};

function toFilter(q: {
  severity?: FindingFilter["severity"];
  status?: FindingFilter["status"];
  vulnerabilityId?: string | undefined;
  packageName?: string | undefined;
  resourceType?: FindingFilter["resourceType"];
  resourceId?: string | undefined;
  accountId?: string[] | undefined;
  fixAvailable?: FindingFilter["fixAvailable"];
  type?: FindingFilter["type"];
  minRisk?: number | undefined;
  maxRisk?: number | undefined;
}): FindingFilter {
  return { ...q, accountIds: q.accountId };
}

/** Findings: listing with filters, sorting and cursor pagination; one finding; aggregations. */
export function findingRoutes(r: Router): void {
  r.add({
    method: "GET",
    path: "/v1/findings",
    tag: "findings",
    summary: "List findings the caller may see (default status ACTIVE), sorted, one page at a time",
    query: z.object({
      ...filterQuery,
      sortBy: z.enum(SORT_KEYS).default("risk"),
      order: z.enum(["asc", "desc"]).default("desc"),
      limit: limitSchema,
      cursor: z
        .string()
        .max(2000)
        .optional()
        .meta({ description: "nextCursor of the previous page (same sort)" }),
    }),
    response: z.object({ items: z.array(findingSchema), nextCursor: z.string().nullable() }),
    handler: async ({ ctx, query, scope }) => {
      const { sortBy, order, limit, cursor, ...filter } = query;
      return listFindings(ctx.sdb.db, await scope(), toFilter(filter), {
        sort: sortBy,
        order,
        limit,
        cursor,
      });
    },
  });
  r.add({
    method: "GET",
    path: "/v1/findings/aggregations",
    tag: "findings",
    summary:
      "Finding counts by severity, resource, vulnerability, package or account (same filters as the listing)",
    query: z.object({ ...filterQuery, by: z.enum(AGGREGATIONS), limit: limitSchema }),
    response: z.object({
      by: z.enum(AGGREGATIONS),
      groups: z.array(
        z.object({
          key: z.string(),
          label: z.record(z.string(), z.string()).optional(),
          total: z.number().int(),
          counts: z.record(severitySchema, z.number().int()),
          vulnerability: z
            .object({
              title: z.string(),
              kev: z
                .object({
                  dateAdded: z.string(),
                  dueDate: z.string().optional(),
                  knownRansomwareCampaignUse: z.string().optional(),
                })
                .optional(),
              epss: z.object({ score: z.number(), percentile: z.number(), date: z.string() }).optional(),
            })
            .optional()
            .meta({ description: "by=vulnerability: its title, CISA KEV entry and EPSS score" }),
        }),
      ),
    }),
    handler: async ({ ctx, query, scope }) => {
      const { by, limit, ...filter } = query;
      return { by, groups: await aggregateFindings(ctx.sdb.db, await scope(), by, toFilter(filter), limit) };
    },
  });
  r.add({
    method: "GET",
    path: "/v1/findings/:id",
    tag: "findings",
    summary: "One finding (any status)",
    params: z.object({ id: idSchema }),
    response: findingSchema,
    handler: async ({ ctx, params, scope }) => getFinding(ctx.sdb.db, await scope(), params.id),
  });
}
