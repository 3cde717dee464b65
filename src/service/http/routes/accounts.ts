import { z } from "zod";
import { notFound } from "../../core/errors.js";
import { createKey, findAccount, listKeys, revokeKey } from "../../tenancy/accounts.js";
import { organizationOf } from "../../tenancy/organizations.js";
import type { Router } from "../route.js";
import { accountSchema, apiKeySchema, idSchema, newApiKeySchema, organizationSchema } from "../schemas.js";

/** The caller's account and its API keys. */
export function accountRoutes(r: Router): void {
  r.add({
    method: "GET",
    path: "/v1/account",
    tag: "accounts",
    summary: "The caller's account, its organization (if any) and its roles there",
    response: z.object({ account: accountSchema, organization: organizationSchema.nullable() }),
    handler: async ({ ctx, caller }) => {
      const db = ctx.sdb.db;
      const account = await findAccount(db, caller.accountId);
      if (account === undefined) throw notFound("account", caller.accountId);
      return { account, organization: (await organizationOf(db, caller.accountId)) ?? null };
    },
  });
  r.add({
    method: "POST",
    path: "/v1/keys",
    tag: "accounts",
    summary: "Issue a new API key for the caller's account (the key is in this response only)",
    body: z.object({ name: z.string().min(1).max(100) }),
    response: newApiKeySchema,
    status: 201,
    handler: async ({ ctx, caller, body }) => createKey(ctx, caller, body.name),
  });
  r.add({
    method: "GET",
    path: "/v1/keys",
    tag: "accounts",
    summary: "List the caller's account's API keys (ids and names, never the keys)",
    response: z.object({ items: z.array(apiKeySchema) }),
    handler: async ({ ctx, caller }) => ({ items: await listKeys(ctx, caller) }),
  });
  r.add({
    method: "DELETE",
    path: "/v1/keys/:id",
    tag: "accounts",
    summary: "Revoke one of the caller's account's API keys",
    params: z.object({ id: idSchema }),
    response: apiKeySchema,
    handler: async ({ ctx, caller, params }) => revokeKey(ctx, caller, params.id),
  });
}
