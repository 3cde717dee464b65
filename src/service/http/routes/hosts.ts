import { z } from "zod";
import { resolveAccounts, targetAccount, visibleAccounts } from "../../core/access.js";
import { agentLiveMs } from "../../discovery/agentless/scan.js";
import {
  deleteTarget,
  getTarget,
  listTargets,
  registerTarget,
  scanNow,
  updateTarget,
} from "../../discovery/agentless/targets.js";
import type { Router } from "../route.js";
import { idList, idSchema, tagsSchema } from "../schemas.js";

const modeSchema = z.enum(["hybrid", "agent", "agentless"]).meta({
  description: "hybrid (default): the agent while it is live, else SSH; agent or agentless: always that one",
});

const targetSchema = z
  .object({
    resourceId: z.string(),
    accountId: z.string(),
    name: z.string(),
    address: z.string(),
    port: z.number().int(),
    username: z.string(),
    hostKey: z.string().nullable().meta({
      description: "the pinned host key; null until the first connection records it (trust on first use)",
    }),
    hostKeySource: z.enum(["pinned", "first-use"]),
    root: z.string(),
    mode: modeSchema,
    intervalHours: z.number().int(),
    scanMode: z.enum(["AGENT", "AGENTLESS"]).nullable().meta({ description: "who scans the host now" }),
    lastScanAt: z.string().nullable(),
    lastError: z
      .string()
      .nullable()
      .meta({ description: "why the last scan failed (also the host's coverage)" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "AgentlessHost" });

const addressSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, "a host name or IP address");
const usernameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, "a user name");
const privateKeySchema = z.string().min(1).max(20_000).meta({
  description: "unencrypted OpenSSH or PEM private key; stored sealed (AES-256-GCM), never shown again",
});
const hostKeySchema = z.string().min(1).max(20_000).meta({
  description:
    "the host's public key line (`ssh-ed25519 AAAA...`) or fingerprint (`SHA256:...`); omitted: trusted on first use, then enforced",
});
const rootSchema = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^\//, "an absolute path")
  .meta({ description: "where the host's system is as the SSH user sees it (default /)" });
const intervalSchema = z
  .number()
  .int()
  .min(1)
  .max(8760)
  .meta({ description: "hours between scans (default 24)" });

const idParams = z.object({ id: idSchema });

/** Agentless hosts: register SSH access (`/v1/hosts/ssh`), list, read, change, remove, scan now. */
export function hostRoutes(r: Router): void {
  r.add({
    method: "POST",
    path: "/v1/hosts/ssh",
    tag: "hosts",
    summary:
      "Register a host for agentless scanning over SSH (key authentication, pinned host key); the first scan is queued at once",
    status: 201,
    body: z.object({
      name: z
        .string()
        .min(1)
        .max(500)
        .meta({ description: "the host resource's name (an agent's host name)" }),
      address: addressSchema,
      port: z.number().int().min(1).max(65535).default(22),
      username: usernameSchema,
      privateKey: privateKeySchema,
      hostKey: hostKeySchema.optional(),
      root: rootSchema.optional(),
      intervalHours: intervalSchema.default(24),
      mode: modeSchema.default("hybrid"),
      tags: tagsSchema.optional(),
      accountId: idSchema
        .optional()
        .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
    }),
    response: targetSchema,
    handler: async ({ ctx, body, scope }) => {
      const accountId = targetAccount(await scope(), body.accountId);
      return registerTarget(ctx, { ...body, accountId }, await agentLiveMs(ctx));
    },
  });
  r.add({
    method: "GET",
    path: "/v1/hosts/ssh",
    tag: "hosts",
    summary: "List the hosts registered for agentless scanning",
    query: z.object({ accountId: idList().optional() }),
    response: z.object({ items: z.array(targetSchema) }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      return { items: await listTargets(ctx, resolveAccounts(s, query.accountId, visibleAccounts(s))) };
    },
  });
  r.add({
    method: "GET",
    path: "/v1/hosts/ssh/:id",
    tag: "hosts",
    summary: "One agentless host, by its resource id: last scan, last error, scan mode in use",
    params: idParams,
    response: targetSchema,
    handler: async ({ ctx, params, scope }) => getTarget(ctx, await scope(), params.id),
  });
  r.add({
    method: "PATCH",
    path: "/v1/hosts/ssh/:id",
    tag: "hosts",
    summary:
      "Change an agentless host: address, key, host key (null: trust the next one presented), interval, scan mode",
    params: idParams,
    body: z.object({
      address: addressSchema.optional(),
      port: z.number().int().min(1).max(65535).optional(),
      username: usernameSchema.optional(),
      privateKey: privateKeySchema.optional(),
      hostKey: hostKeySchema.nullable().optional(),
      root: rootSchema.optional(),
      intervalHours: intervalSchema.optional(),
      mode: modeSchema.optional(),
    }),
    response: targetSchema,
    handler: async ({ ctx, params, body, scope }) =>
      updateTarget(ctx, await scope(), params.id, body, await agentLiveMs(ctx)),
  });
  r.add({
    method: "DELETE",
    path: "/v1/hosts/ssh/:id",
    tag: "hosts",
    summary: "Stop scanning a host over SSH and forget its key (the host and its findings stay)",
    params: idParams,
    response: null,
    handler: async ({ ctx, params, scope }) => {
      await deleteTarget(ctx, await scope(), params.id);
    },
  });
  r.add({
    method: "POST",
    path: "/v1/hosts/ssh/:id/scan",
    tag: "hosts",
    summary: "Queue an agentless scan of the host now (hybrid: skipped while its agent is live)",
    status: 202,
    params: idParams,
    response: z.object({ jobId: z.string() }),
    handler: async ({ ctx, params, scope }) => ({ jobId: await scanNow(ctx, await scope(), params.id) }),
  });
}
