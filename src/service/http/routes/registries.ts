import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import { ApiError } from "../../core/errors.js";
import { listRegistryImages } from "../../discovery/registries/images.js";
import {
  envelopeSchema,
  handleNotifications,
  NOTIFICATION_MEDIA_TYPE,
} from "../../discovery/registries/notifications.js";
import {
  createRegistry,
  deleteRegistry,
  listRegistries,
  notificationTokenMatches,
  toRegistryView,
  updateRegistry,
  visibleRegistry,
} from "../../discovery/registries/registries.js";
import { bearerToken } from "../auth.js";
import type { Router } from "../route.js";
import { idList, idSchema } from "../schemas.js";

const registrySchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    name: z.string(),
    url: z.string(),
    username: z.string().nullable(),
    hasPassword: z.boolean().meta({ description: "the password itself is never returned" }),
    repositories: z.array(z.string()).nullable(),
    inclusionRules: z.array(z.string()),
    pollIntervalMinutes: z.number().int(),
    lastListedAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Registry" });

const imageSchema = z
  .object({
    resourceId: z.string(),
    registryId: z.string(),
    repository: z.string(),
    digest: z.string(),
    tags: z.array(z.string()),
    pushedAt: z.string(),
    lastPulledAt: z.string().nullable(),
    lastScanError: z.string().nullable(),
    coverage: z.object({ status: z.string(), reason: z.string().nullable() }),
  })
  .meta({ id: "RegistryImage" });

/** A repository name as the Distribution spec allows it. */
const repositoryName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/, {
    message: "not a repository name (lowercase path components, e.g. team/app)",
  });

const fields = {
  name: z.string().min(1).max(200),
  url: z.string().min(1).max(2000).meta({
    description: "the registry's base URL, e.g. https://registry.example.com:5000 (http:// for plain HTTP)",
  }),
  username: z.string().min(1).max(500),
  password: z
    .string()
    .min(1)
    .max(10_000)
    .meta({ description: "sealed at rest with AES-256-GCM under the server's secret key; never returned" }),
  repositories: z.array(repositoryName).max(10_000).meta({
    description: "list these repositories instead of /v2/_catalog (for registries that deny the catalog)",
  }),
  inclusionRules: z
    .array(
      z
        .string()
        .min(1)
        .max(255)
        .regex(/^[a-z0-9*._\-/]+$/, {
          message: "a repository name filter: lowercase, digits, . _ - / and the * wildcard",
        }),
    )
    .max(100)
    .meta({
      description:
        "repository name filters, as Amazon ECR's scan filters: `*` stands for any characters; a filter without `*` matches names containing it; empty (default): every repository",
    }),
  pollIntervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .meta({ description: "how often the registry is listed for new images (default 60)" }),
};

const idParams = z.object({ id: idSchema });

/** Registry connections, their images, and the registry notification endpoint. */
export function registryRoutes(r: Router, app: FastifyInstance): void {
  app.addContentTypeParser(
    [NOTIFICATION_MEDIA_TYPE],
    { parseAs: "string" },
    app.getDefaultJsonParser("error", "error"),
  );
  r.add({
    method: "POST",
    path: "/v1/registries",
    tag: "registries",
    summary:
      "Connect an OCI registry; with image scanning enabled, its images pushed in the last 14 days are picked up (the notification token is shown once)",
    status: 201,
    body: z.object({
      name: fields.name,
      url: fields.url,
      username: fields.username.optional(),
      password: fields.password.optional(),
      repositories: fields.repositories.optional(),
      inclusionRules: fields.inclusionRules.optional(),
      pollIntervalMinutes: fields.pollIntervalMinutes.optional(),
      accountId: idSchema
        .optional()
        .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
    }),
    response: z.object({
      registry: registrySchema,
      notificationToken: z.string().meta({
        description:
          "send it as `Authorization: Bearer <token>` from the registry's notifications endpoint; shown only now",
      }),
      notificationUrl: z.string().meta({ description: "path of the registry's notification endpoint" }),
      discoveryJobId: z.string().nullable(),
    }),
    handler: async ({ ctx, body, scope }) => {
      const created = await createRegistry(ctx, await scope(), body);
      return { ...created, notificationUrl: `/v1/registries/${created.registry.id}/notifications` };
    },
  });
  r.add({
    method: "GET",
    path: "/v1/registries",
    tag: "registries",
    summary: "List the registries of the accounts the caller sees",
    query: z.object({ accountId: idList().optional() }),
    response: z.object({ items: z.array(registrySchema) }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      return {
        items: await listRegistries(ctx.sdb.db, resolveAccounts(s, query.accountId, visibleAccounts(s))),
      };
    },
  });
  r.add({
    method: "GET",
    path: "/v1/registries/:id",
    tag: "registries",
    summary: "One registry",
    params: idParams,
    response: registrySchema,
    handler: async ({ ctx, params, scope }) =>
      toRegistryView(await visibleRegistry(ctx.sdb.db, await scope(), params.id)),
  });
  r.add({
    method: "PATCH",
    path: "/v1/registries/:id",
    tag: "registries",
    summary: "Change a registry (null clears username, password or repositories)",
    params: idParams,
    body: z.object({
      name: fields.name.optional(),
      url: fields.url.optional(),
      username: fields.username.nullable().optional(),
      password: fields.password.nullable().optional(),
      repositories: fields.repositories.nullable().optional(),
      inclusionRules: fields.inclusionRules.optional(),
      pollIntervalMinutes: fields.pollIntervalMinutes.optional(),
    }),
    response: registrySchema,
    handler: async ({ ctx, params, body, scope }) =>
      updateRegistry(ctx, await visibleRegistry(ctx.sdb.db, await scope(), params.id), body),
  });
  r.add({
    method: "DELETE",
    path: "/v1/registries/:id",
    tag: "registries",
    summary: "Disconnect a registry (its images' resources and findings stay)",
    params: idParams,
    response: null,
    status: 204,
    handler: async ({ ctx, params, scope }) => {
      await deleteRegistry(ctx, await visibleRegistry(ctx.sdb.db, await scope(), params.id));
    },
  });
  r.add({
    method: "GET",
    path: "/v1/registries/:id/images",
    tag: "registries",
    summary: "The registry's images: tags, push date, last pull and coverage",
    params: idParams,
    response: z.object({ items: z.array(imageSchema) }),
    handler: async ({ ctx, params, scope }) => {
      const reg = await visibleRegistry(ctx.sdb.db, await scope(), params.id);
      return { items: await listRegistryImages(ctx, reg.id) };
    },
  });
  r.add({
    method: "POST",
    path: "/v1/registries/:id/notifications",
    tag: "registries",
    summary: `The registry's notification endpoint (${NOTIFICATION_MEDIA_TYPE}): a push scans the image, a pull records it; authenticated by the registry's notification token, not an API key`,
    auth: "registryNotificationToken",
    params: idParams,
    body: envelopeSchema,
    response: z.object({
      pushed: z.number().int(),
      pulled: z.number().int(),
      rescans: z.number().int(),
      ignored: z.number().int(),
    }),
    handler: async ({ ctx, params, body, request }) => {
      const token = bearerToken(request);
      const reg = await ctx.sdb.db
        .selectFrom("registries")
        .selectAll()
        .where("id", "=", params.id)
        .executeTakeFirst();
      if (token === undefined || reg === undefined || !notificationTokenMatches(reg, token)) {
        throw new ApiError(
          401,
          "UNAUTHENTICATED",
          "missing or wrong notification token: configure the registry's endpoint with `headers: Authorization: [Bearer <notificationToken>]`",
        );
      }
      return handleNotifications(ctx, reg, body.events);
    },
  });
}
