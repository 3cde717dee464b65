import { z } from "zod";
import { resolveAccounts, targetAccount, visibleAccounts } from "../../core/access.js";
import { notFound } from "../../core/errors.js";
import { enqueueFunctionCodeScans } from "../../discovery/functions/code-scan.js";
import { evaluateResource } from "../../evaluation/evaluation.js";
import { recordCollector } from "../../resources/agents.js";
import {
  decodeStoredInventory,
  encodeInventoryCycloneDx,
  inventoryBodySchema,
  parseInventory,
} from "../../resources/inventory-codec.js";
import {
  createResource,
  deleteResource,
  findOrCreateResource,
  listResources,
  setTags,
  toResourceView,
  visibleResource,
} from "../../resources/resources.js";
import type { Router } from "../route.js";
import {
  collectorSchema,
  cursorAfter,
  evaluationSchema,
  idPage,
  idPageQuery,
  idSchema,
  resourceSchema,
  resourceTypeSchema,
  tagsSchema,
} from "../schemas.js";

/** Inventories can be large: 32 MiB. */
export const INVENTORY_BODY_LIMIT = 32 * 1024 * 1024;

const identitySchema = z.object({
  type: resourceTypeSchema,
  name: z
    .string()
    .min(1)
    .max(1000)
    .meta({ description: "host name, image reference (repo@digest), function name, repository URL" }),
  tags: tagsSchema.optional(),
  pushedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: "images: when the image was pushed" }),
  accountId: idSchema
    .optional()
    .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
});

const idParams = z.object({ id: idSchema });

/** Any JSON object: parseInventory checks it and names the field that is wrong. */
const anyObject = z.looseObject({});

/** Resources, their tags and their inventories. */
export function resourceRoutes(r: Router): void {
  r.add({
    method: "POST",
    path: "/v1/resources",
    tag: "resources",
    summary: "Register a resource (409 when the account has one of this type and name)",
    body: identitySchema,
    response: resourceSchema,
    status: 201,
    handler: async ({ ctx, body, scope }) => {
      const accountId = targetAccount(await scope(), body.accountId);
      return createResource(ctx, {
        accountId,
        type: body.type,
        name: body.name,
        tags: body.tags ?? {},
        pushedAt: body.pushedAt,
      });
    },
  });
  r.add({
    method: "GET",
    path: "/v1/resources",
    tag: "resources",
    summary: "List resources the caller may see, in creation order",
    query: z.object({
      type: resourceTypeSchema.optional(),
      coverageStatus: z.enum(["SCANNING", "NOT_SCANNING"]).optional(),
      accountId: idSchema.optional(),
      ...idPageQuery,
    }),
    response: z.object({ items: z.array(resourceSchema), nextCursor: z.string().nullable() }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      const page = await listResources(ctx.sdb.db, {
        accountIds: resolveAccounts(s, query.accountId ? [query.accountId] : undefined, visibleAccounts(s)),
        type: query.type,
        coverageStatus: query.coverageStatus,
        limit: query.limit,
        after: cursorAfter(query.cursor),
      });
      return idPage(page);
    },
  });
  r.add({
    method: "GET",
    path: "/v1/resources/:id",
    tag: "resources",
    summary: "One resource with its coverage",
    params: idParams,
    response: resourceSchema,
    handler: async ({ ctx, params, scope }) =>
      toResourceView(await visibleResource(ctx.sdb.db, await scope(), params.id)),
  });
  r.add({
    method: "PUT",
    path: "/v1/resources/:id/tags",
    tag: "resources",
    summary: "Replace a resource's tags (tag vigil:exclude takes it out of scanning and closes its findings)",
    params: idParams,
    body: z.object({ tags: tagsSchema }),
    response: evaluationSchema,
    handler: async ({ ctx, params, body, scope }) => {
      const row = await visibleResource(ctx.sdb.db, await scope(), params.id);
      await setTags(ctx, row, body.tags);
      const summary = await evaluateResource(ctx, row.id);
      // A function's code pass decides anew under the new tags (vigil:exclude=code).
      if (row.type === "function")
        await ctx.sdb.db
          .transaction()
          .execute((trx) => enqueueFunctionCodeScans(ctx, trx, { resourceId: row.id }));
      return summary;
    },
  });
  r.add({
    method: "DELETE",
    path: "/v1/resources/:id",
    tag: "resources",
    summary: "Delete a resource with its inventory and findings",
    params: idParams,
    response: null,
    status: 204,
    handler: async ({ ctx, params, scope }) => {
      await deleteResource(ctx, await visibleResource(ctx.sdb.db, await scope(), params.id));
    },
  });
  r.add({
    method: "PUT",
    path: "/v1/resources/:id/inventory",
    tag: "resources",
    summary:
      "Submit the resource's inventory (Vigil inventory JSON or CycloneDX 1.4-1.6 JSON): stored, then the resource is re-matched",
    params: idParams,
    body: anyObject,
    docBody: inventoryBodySchema,
    bodyLimit: INVENTORY_BODY_LIMIT,
    response: evaluationSchema,
    handler: async ({ ctx, params, body, scope }) => {
      const row = await visibleResource(ctx.sdb.db, await scope(), params.id);
      const inv = parseInventory(body, "body", ctx.now());
      return evaluateResource(ctx, row.id, inv);
    },
  });
  r.add({
    method: "GET",
    path: "/v1/resources/:id/inventory",
    tag: "resources",
    summary: "The resource's latest inventory, as CycloneDX 1.6 JSON",
    params: idParams,
    response: z.looseObject({ bomFormat: z.literal("CycloneDX"), specVersion: z.string() }),
    handler: async ({ ctx, params, scope }) => {
      const row = await visibleResource(ctx.sdb.db, await scope(), params.id);
      const inv = await ctx.sdb.db
        .selectFrom("resource_inventories")
        .select("document")
        .where("resource_id", "=", row.id)
        .executeTakeFirst();
      if (inv === undefined) throw notFound("inventory of resource", row.id);
      const cdx = encodeInventoryCycloneDx(decodeStoredInventory(inv.document, `resource ${row.id}`));
      return JSON.parse(cdx) as { bomFormat: "CycloneDX"; specVersion: string };
    },
  });
  r.add({
    method: "POST",
    path: "/v1/inventories",
    tag: "resources",
    summary:
      "Submit an inventory with the resource's identity (what `vigil scan --submit` and agents call): the resource is created when new",
    body: z.object({ resource: identitySchema, inventory: anyObject, collector: collectorSchema.optional() }),
    docBody: z.object({
      resource: identitySchema,
      inventory: inventoryBodySchema,
      collector: collectorSchema.optional(),
    }),
    bodyLimit: INVENTORY_BODY_LIMIT,
    response: evaluationSchema,
    handler: async ({ ctx, body, scope }) => {
      const accountId = targetAccount(await scope(), body.resource.accountId);
      const inv = parseInventory(body.inventory, "body.inventory", ctx.now());
      const { row, created } = await findOrCreateResource(ctx, {
        accountId,
        type: body.resource.type,
        name: body.resource.name,
        tags: body.resource.tags ?? {},
        pushedAt: body.resource.pushedAt,
      });
      if (!created && body.resource.tags !== undefined) await setTags(ctx, row, body.resource.tags);
      await recordCollector(ctx.sdb.db, row.id, body.collector, ctx.now().toISOString());
      return evaluateResource(ctx, row.id, inv);
    },
  });
}
