import { z } from "zod";
import {
  associateMember,
  createOrganization,
  disassociateMember,
  listMembers,
  requireOrganization,
  setDelegatedAdmin,
} from "../../tenancy/organizations.js";
import type { Router } from "../route.js";
import { idSchema, memberSchema, organizationSchema } from "../schemas.js";

/** Organizations: the management account, its delegated administrator and the member accounts. */
export function organizationRoutes(r: Router): void {
  r.add({
    method: "POST",
    path: "/v1/organization",
    tag: "organizations",
    summary: "Create an organization; the caller becomes its management account",
    body: z.object({ name: z.string().min(1).max(200) }),
    response: organizationSchema,
    status: 201,
    handler: async ({ ctx, caller, body }) => createOrganization(ctx, caller, body.name),
  });
  r.add({
    method: "GET",
    path: "/v1/organization",
    tag: "organizations",
    summary: "The caller's organization and the caller's roles in it (404 when it has none)",
    response: organizationSchema,
    handler: async ({ ctx, caller }) => requireOrganization(ctx, caller),
  });
  r.add({
    method: "PUT",
    path: "/v1/organization/delegated-admin",
    tag: "organizations",
    summary: "Appoint or replace the delegated administrator (management account only)",
    body: z.object({ accountId: idSchema }),
    response: organizationSchema,
    handler: async ({ ctx, caller, body }) => setDelegatedAdmin(ctx, caller, body.accountId),
  });
  r.add({
    method: "GET",
    path: "/v1/organization/members",
    tag: "organizations",
    summary: "List member accounts (management account and delegated administrator)",
    response: z.object({ items: z.array(memberSchema) }),
    handler: async ({ ctx, caller }) => ({ items: await listMembers(ctx, caller) }),
  });
  r.add({
    method: "POST",
    path: "/v1/organization/members",
    tag: "organizations",
    summary: "Associate an account as a member (delegated administrator only)",
    body: z.object({ accountId: idSchema }),
    response: memberSchema,
    status: 201,
    handler: async ({ ctx, caller, body }) => associateMember(ctx, caller, body.accountId),
  });
  r.add({
    method: "DELETE",
    path: "/v1/organization/members/:accountId",
    tag: "organizations",
    summary: "Disassociate a member account (delegated administrator only)",
    params: z.object({ accountId: idSchema }),
    response: null,
    status: 204,
    handler: async ({ ctx, caller, params }) => disassociateMember(ctx, caller, params.accountId),
  });
}
