import { z } from "zod";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
} from "../../events/webhooks.js";
import type { Router } from "../route.js";
import { idList, idSchema, limitSchema } from "../schemas.js";

const webhookSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()).meta({ description: "empty: every event type" }),
    createdAt: z.string(),
  })
  .meta({ id: "Webhook" });

const deliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "WebhookDelivery" });

const idParams = z.object({ id: idSchema });

/** Webhooks: register (the secret is shown once), list, read, delete, and their deliveries. */
export function webhookRoutes(r: Router): void {
  r.add({
    method: "POST",
    path: "/v1/webhooks",
    tag: "webhooks",
    summary:
      "Register a webhook: events of the caller's account(s) are POSTed to it, signed (secret shown once)",
    status: 201,
    body: z.object({
      url: z.string().min(1).max(2000),
      eventTypes: z
        .array(z.string().regex(/^[a-z_]+\.[a-z_]+$/, "an event type, e.g. finding.created"))
        .max(50)
        .optional()
        .meta({ description: "only these event types (default: all)" }),
      secret: z
        .string()
        .min(16)
        .max(200)
        .optional()
        .meta({ description: "HMAC-SHA256 signing secret (default: a new random one)" }),
      accountId: idSchema
        .optional()
        .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
    }),
    response: z.object({
      webhook: webhookSchema,
      secret: z.string().meta({ description: "signs X-Vigil-Signature; shown only now" }),
    }),
    handler: async ({ ctx, body, scope }) =>
      createWebhook(ctx.sdb.db, await scope(), body, ctx.now().toISOString()),
  });
  r.add({
    method: "GET",
    path: "/v1/webhooks",
    tag: "webhooks",
    summary: "List the webhooks of the accounts the caller sees",
    query: z.object({ accountId: idList().optional() }),
    response: z.object({ items: z.array(webhookSchema) }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      return {
        items: await listWebhooks(ctx.sdb.db, resolveAccounts(s, query.accountId, visibleAccounts(s))),
      };
    },
  });
  r.add({
    method: "GET",
    path: "/v1/webhooks/:id",
    tag: "webhooks",
    summary: "One webhook",
    params: idParams,
    response: webhookSchema,
    handler: async ({ ctx, params, scope }) => getWebhook(ctx.sdb.db, await scope(), params.id),
  });
  r.add({
    method: "GET",
    path: "/v1/webhooks/:id/deliveries",
    tag: "webhooks",
    summary: "A webhook's latest deliveries, newest first: status, attempts, next attempt, last error",
    params: idParams,
    query: z.object({ limit: limitSchema }),
    response: z.object({ items: z.array(deliverySchema) }),
    handler: async ({ ctx, params, query, scope }) => {
      await getWebhook(ctx.sdb.db, await scope(), params.id);
      return { items: await listDeliveries(ctx.sdb.db, params.id, query.limit) };
    },
  });
  r.add({
    method: "DELETE",
    path: "/v1/webhooks/:id",
    tag: "webhooks",
    summary: "Delete a webhook and its pending deliveries",
    params: idParams,
    response: null,
    handler: async ({ ctx, params, scope }) => {
      await deleteWebhook(ctx.sdb.db, await scope(), params.id);
    },
  });
}
