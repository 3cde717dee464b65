import type { Kysely } from "kysely";
import type { ServiceSchema } from "../db/schema.js";
import { notFound } from "./errors.js";

/**
 * What an account may see and configure: itself, plus the members of the organization it is the
 * delegated administrator of. A management account that is not also the delegated administrator sees
 * only itself; a member sees only itself.
 */
export interface AccessScope {
  self: string;
  /** Member accounts the caller administers (never includes self). */
  members: string[];
}

/** The caller's scope, read from the organization tables. */
export async function accessScope(db: Kysely<ServiceSchema>, accountId: string): Promise<AccessScope> {
  const rows = await db
    .selectFrom("organizations")
    .innerJoin("organization_members", "organization_members.organization_id", "organizations.id")
    .select("organization_members.account_id")
    .where("organizations.delegated_admin_account_id", "=", accountId)
    .execute();
  return { self: accountId, members: rows.map((r) => r.account_id).filter((id) => id !== accountId) };
}

/** Every account id in the scope. */
export function visibleAccounts(scope: AccessScope): string[] {
  return [scope.self, ...scope.members];
}

/**
 * The accounts a request acts on: the requested ones, each checked against the scope, or `fallback`.
 * @throws ApiError 404 for an account outside the scope (the API never confirms other accounts exist)
 */
export function resolveAccounts(
  scope: AccessScope,
  requested: readonly string[] | undefined,
  fallback: string[],
): string[] {
  if (requested === undefined || requested.length === 0) return fallback;
  const visible = new Set(visibleAccounts(scope));
  for (const id of requested) if (!visible.has(id)) throw notFound("account", id);
  return [...new Set(requested)];
}

/**
 * The one account a write acts on: the requested one (checked against the scope) or the caller's own.
 * @throws ApiError 404 for an account outside the scope
 */
export function targetAccount(scope: AccessScope, requested: string | undefined): string {
  if (requested === undefined) return scope.self;
  resolveAccounts(scope, [requested], [scope.self]);
  return requested;
}
