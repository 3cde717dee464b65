import { z } from "zod";
import { targetAccount } from "../../core/access.js";
import { configurationSchema, getConfiguration, putConfiguration } from "../../resources/configuration.js";
import type { Router } from "../route.js";
import { idSchema } from "../schemas.js";

const accountQuery = z.object({
  accountId: idSchema
    .optional()
    .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
});

/** Per-account configuration: image rescan durations (and room for other sections). */
export function configurationRoutes(r: Router): void {
  r.add({
    method: "GET",
    path: "/v1/configuration",
    tag: "configuration",
    summary: "The account's configuration: imageRescan durations (defaults DAYS_14 / DAYS_14)",
    query: accountQuery,
    response: configurationSchema,
    handler: async ({ ctx, query, scope }) =>
      getConfiguration(ctx.sdb.db, targetAccount(await scope(), query.accountId)),
  });
  r.add({
    method: "PUT",
    path: "/v1/configuration",
    tag: "configuration",
    summary:
      "Replace the account's configuration; an image stays monitored while pushed within imageRescan.pushDate or pulled within imageRescan.pullDate. The account's images are re-evaluated",
    query: accountQuery,
    body: configurationSchema,
    response: configurationSchema,
    handler: async ({ ctx, query, body, scope }) => {
      const accountId = targetAccount(await scope(), query.accountId);
      const stored = await putConfiguration(ctx.sdb.db, accountId, body, ctx.now().toISOString());
      const images = await ctx.sdb.db
        .selectFrom("resources")
        .select("id")
        .where("account_id", "=", accountId)
        .where("type", "=", "image")
        .where("inventory_at", "is not", null)
        .orderBy("id")
        .execute();
      if (images.length > 0) await ctx.queue.enqueue("reevaluate", { resourceIds: images.map((i) => i.id) });
      return stored;
    },
  });
}
