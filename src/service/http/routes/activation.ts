import { z } from "zod";
import type { ScanType } from "../../../model/resource.js";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import { SCAN_TYPES } from "../../resources/scan-types.js";
import { getActivation, setActivation } from "../../tenancy/activation.js";
import type { Router } from "../route.js";
import { activationSchema, idList, idSchema, scanTypeSchema } from "../schemas.js";

const changeBody = z.object({
  scanTypes: z
    .union([z.literal("ALL"), z.array(scanTypeSchema).min(1)])
    .meta({ description: 'scan types to change, or "ALL"' }),
  accountIds: z
    .array(idSchema)
    .min(1)
    .max(1000)
    .optional()
    .meta({ description: "delegated administrator: member accounts to change (default: the caller's)" }),
});

const changeResponse = z
  .object({
    accounts: z.array(activationSchema),
    closedFindings: z.number().int(),
    reevaluationJobId: z.string().nullable(),
  })
  .meta({ id: "ActivationChange" });

/** Activation: enable or disable scan types per account. */
export function activationRoutes(r: Router): void {
  r.add({
    method: "GET",
    path: "/v1/activation",
    tag: "activation",
    summary: "Scan type activation of the caller's account (and, for a delegated administrator, its members)",
    query: z.object({
      accountIds: idList().optional().meta({ description: "only these accounts (comma-separated)" }),
    }),
    response: z.object({ items: z.array(activationSchema) }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      return { items: await getActivation(ctx, resolveAccounts(s, query.accountIds, visibleAccounts(s))) };
    },
  });
  for (const action of ["enable", "disable"] as const) {
    r.add({
      method: "POST",
      path: `/v1/activation/${action}`,
      tag: "activation",
      summary:
        action === "enable"
          ? "Enable scan types (resources with an inventory are re-matched by a job)"
          : "Disable scan types: closes their findings and sets coverage NOT_SCANNING / SCAN_TYPE_DISABLED",
      body: changeBody,
      response: changeResponse,
      handler: async ({ ctx, body, scope }) =>
        setActivation(ctx, await scope(), {
          enable: action === "enable",
          scanTypes: body.scanTypes === "ALL" ? SCAN_TYPES : (body.scanTypes as ScanType[]),
          accountIds: body.accountIds,
        }),
    });
  }
}
