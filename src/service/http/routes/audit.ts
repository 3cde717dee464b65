import { z } from "zod";
import { listAudit } from "../../delivery/audit.js";
import type { Router } from "../route.js";
import { csvList, idList, idSchema, limitSchema } from "../schemas.js";

const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    accountId: z.string().nullable(),
    apiKeyId: z.string().nullable(),
    method: z.string(),
    route: z.string().meta({ description: "the route pattern, e.g. /v1/resources/:id" }),
    targetId: z.string().nullable(),
    statusCode: z.number().int(),
    sourceAddress: z.string(),
    requestId: z.string(),
  })
  .meta({ id: "AuditEntry" });

/** The audit log of mutating API calls. */
export function auditRoutes(r: Router): void {
  r.add({
    method: "GET",
    path: "/v1/audit",
    tag: "audit",
    summary:
      "Mutating API calls of the caller's account (a delegated administrator: also its members), newest first",
    query: z.object({
      accountId: idList()
        .optional()
        .meta({ description: "delegated administrator: only these accounts (comma-separated)" }),
      method: csvList(["POST", "PUT", "PATCH", "DELETE"]).optional(),
      route: z.string().max(500).optional().meta({ description: "a route pattern, e.g. /v1/resources/:id" }),
      targetId: idSchema.optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      limit: limitSchema,
      cursor: z.string().max(200).optional().meta({ description: "nextCursor of the previous page" }),
    }),
    response: z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
    handler: async ({ ctx, query, scope }) => {
      const { limit, cursor, accountId, since, until, ...filter } = query;
      return listAudit(
        ctx.sdb.db,
        await scope(),
        {
          ...filter,
          accountIds: accountId,
          since: since === undefined ? undefined : new Date(since).toISOString(),
          until: until === undefined ? undefined : new Date(until).toISOString(),
        },
        { limit, cursor },
      );
    },
  });
}
