import { z } from "zod";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import { findingTrends } from "../../evaluation/trends.js";
import type { Router } from "../route.js";
import { csvList, idList } from "../schemas.js";

/** `GET /v1/findings/trends`: daily open/new/closed finding counts (the dashboard's trend chart). */
export function trendRoutes(r: Router): void {
  r.add({
    method: "GET",
    path: "/v1/findings/trends",
    tag: "findings",
    summary:
      "Daily counts over the last `days` UTC days: findings open at the end of each day, first observed and closed that day",
    query: z.object({
      days: z.coerce.number().int().min(1).max(365).default(30),
      accountId: idList()
        .optional()
        .meta({ description: "delegated administrator: only these accounts (comma-separated)" }),
      resourceType: csvList(["host", "image", "function", "repository"]).optional(),
      severity: csvList(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNTRIAGED"]).optional(),
    }),
    response: z
      .object({
        days: z.array(
          z.object({
            date: z.string(),
            open: z.number().int().meta({ description: "not CLOSED at the end of the day" }),
            new: z.number().int(),
            closed: z.number().int(),
          }),
        ),
      })
      .meta({ id: "FindingTrends" }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      const accountIds = resolveAccounts(s, query.accountId, visibleAccounts(s));
      return {
        days: await findingTrends(
          ctx.sdb.db,
          { accountIds, resourceType: query.resourceType, severity: query.severity },
          query.days,
          ctx.now(),
        ),
      };
    },
  });
}
