import { z } from "zod";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import {
  createSuppressionRule,
  deleteSuppressionRule,
  getSuppressionRule,
  listSuppressionRules,
} from "../../evaluation/suppression.js";
import type { Router } from "../route.js";
import { idList, idSchema, resourceTypeSchema, severitySchema } from "../schemas.js";

const fixSchema = z.enum(["YES", "NO", "PARTIAL"]);
const findingTypeSchema = z.enum([
  "PACKAGE_VULNERABILITY",
  "NETWORK_REACHABILITY",
  "CODE_VULNERABILITY",
  "END_OF_LIFE",
]);

const filtersSchema = z
  .strictObject({
    severity: z.array(severitySchema).min(1).optional(),
    vulnerabilityId: z.string().min(1).max(200).optional(),
    packageName: z.string().min(1).max(500).optional(),
    packageVersion: z.string().min(1).max(200).optional(),
    resourceType: z.array(resourceTypeSchema).min(1).optional(),
    resourceId: idSchema.optional(),
    resourceTag: z
      .string()
      .regex(/^[^=]+=.*$/, "expected key=value")
      .max(400)
      .transform((s) => {
        const i = s.indexOf("=");
        return { key: s.slice(0, i), value: s.slice(i + 1) };
      })
      .optional()
      .meta({ description: "a resource tag, key=value" }),
    fixAvailable: z.array(fixSchema).min(1).optional(),
    minRisk: z.number().min(0).max(10).optional(),
    maxRisk: z.number().min(0).max(10).optional(),
    findingType: z.array(findingTypeSchema).min(1).optional(),
  })
  .meta({ description: "every filter given must hold; lists match any of their values" });

const ruleSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    name: z.string(),
    reason: z.string(),
    action: z.literal("suppress"),
    filters: z.object({
      severity: z.array(severitySchema).optional(),
      vulnerabilityId: z.string().optional(),
      packageName: z.string().optional(),
      packageVersion: z.string().optional(),
      resourceType: z.array(resourceTypeSchema).optional(),
      resourceId: z.string().optional(),
      resourceTag: z.object({ key: z.string(), value: z.string() }).optional(),
      fixAvailable: z.array(fixSchema).optional(),
      minRisk: z.number().optional(),
      maxRisk: z.number().optional(),
      findingType: z.array(findingTypeSchema).optional(),
    }),
    createdAt: z.string(),
  })
  .meta({ id: "SuppressionRule" });

const idParams = z.object({ id: idSchema });

/** Suppression rules: create (applied at once), list, read, delete (un-applied at once). */
export function suppressionRuleRoutes(r: Router): void {
  r.add({
    method: "POST",
    path: "/v1/suppression-rules",
    tag: "suppression",
    summary: "Create a suppression rule; the ACTIVE findings it covers become SUPPRESSED at once",
    status: 201,
    body: z.object({
      name: z.string().min(1).max(200),
      reason: z.string().min(1).max(2000),
      action: z.literal("suppress").default("suppress"),
      filters: filtersSchema,
      accountId: idSchema
        .optional()
        .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
    }),
    response: z.object({ rule: ruleSchema, suppressed: z.number().int() }),
    handler: async ({ ctx, body, scope }) =>
      createSuppressionRule(ctx.sdb.db, await scope(), body, ctx.now().toISOString()),
  });
  r.add({
    method: "GET",
    path: "/v1/suppression-rules",
    tag: "suppression",
    summary: "List the suppression rules of the accounts the caller sees",
    query: z.object({
      accountId: idList()
        .optional()
        .meta({ description: "delegated administrator: only these accounts (comma-separated)" }),
    }),
    response: z.object({ items: z.array(ruleSchema) }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      const accounts = resolveAccounts(s, query.accountId, visibleAccounts(s));
      return { items: await listSuppressionRules(ctx.sdb.db, accounts) };
    },
  });
  r.add({
    method: "GET",
    path: "/v1/suppression-rules/:id",
    tag: "suppression",
    summary: "One suppression rule",
    params: idParams,
    response: ruleSchema,
    handler: async ({ ctx, params, scope }) => getSuppressionRule(ctx.sdb.db, await scope(), params.id),
  });
  r.add({
    method: "DELETE",
    path: "/v1/suppression-rules/:id",
    tag: "suppression",
    summary: "Delete a suppression rule; findings no other rule covers become ACTIVE at once",
    params: idParams,
    response: z.object({ rule: ruleSchema, reactivated: z.number().int() }),
    handler: async ({ ctx, params, scope }) =>
      deleteSuppressionRule(ctx.sdb.db, await scope(), params.id, ctx.now().toISOString()),
  });
}
