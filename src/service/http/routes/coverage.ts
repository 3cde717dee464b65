import { z } from "zod";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import { coverageSummary } from "../../resources/coverage-summary.js";
import type { Router } from "../route.js";
import { idList } from "../schemas.js";

const counts = z.object({ scanning: z.number().int(), notScanning: z.number().int() });

/** Coverage: how many resources are scanned, and why the others are not. */
export function coverageRoutes(r: Router): void {
  r.add({
    method: "GET",
    path: "/v1/coverage",
    tag: "coverage",
    summary:
      "Coverage counts by resource type and not-scanning reason (list resources with GET /v1/resources?coverageStatus=)",
    query: z.object({
      accountId: idList()
        .optional()
        .meta({ description: "delegated administrator: only these accounts (comma-separated)" }),
    }),
    response: z
      .object({
        total: z.number().int(),
        scanning: z.number().int(),
        notScanning: z.number().int(),
        byType: z.record(z.string(), counts),
        byReason: z.record(
          z.string(),
          z.object({ total: z.number().int(), byType: z.record(z.string(), z.number().int()) }),
        ),
      })
      .meta({ id: "CoverageSummary" }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      return coverageSummary(ctx.sdb.db, resolveAccounts(s, query.accountId, visibleAccounts(s)));
    },
  });
}
