import type { Kysely } from "kysely";
import type { Caller, ServiceContext } from "../core/context.js";
import { conflict, forbidden, notFound } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { ServiceSchema } from "../db/schema.js";
import { appendEvents } from "../events/events.js";

export type OrganizationRole = "MANAGEMENT" | "DELEGATED_ADMIN" | "MEMBER";

export interface Organization {
  id: string;
  name: string;
  managementAccountId: string;
  delegatedAdminAccountId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The caller's organization and the roles the caller holds in it. */
export interface OrganizationView extends Organization {
  roles: OrganizationRole[];
}

export interface Member {
  accountId: string;
  name: string;
  associatedAt: string;
}

type OrgRow = {
  id: string;
  name: string;
  management_account_id: string;
  delegated_admin_account_id: string | null;
  created_at: string;
  updated_at: string;
};

function toOrganization(r: OrgRow): Organization {
  return {
    id: r.id,
    name: r.name,
    managementAccountId: r.management_account_id,
    delegatedAdminAccountId: r.delegated_admin_account_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The organization an account manages, administers or belongs to, with its roles there. */
export async function organizationOf(
  db: Kysely<ServiceSchema>,
  accountId: string,
): Promise<OrganizationView | undefined> {
  const row = await db
    .selectFrom("organizations")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb("management_account_id", "=", accountId),
        eb("delegated_admin_account_id", "=", accountId),
        eb(
          "id",
          "in",
          eb.selectFrom("organization_members").select("organization_id").where("account_id", "=", accountId),
        ),
      ]),
    )
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const roles: OrganizationRole[] = [];
  if (row.management_account_id === accountId) roles.push("MANAGEMENT");
  if (row.delegated_admin_account_id === accountId) roles.push("DELEGATED_ADMIN");
  const member = await db
    .selectFrom("organization_members")
    .select("account_id")
    .where("account_id", "=", accountId)
    .where("organization_id", "=", row.id)
    .executeTakeFirst();
  if (member !== undefined) roles.push("MEMBER");
  return { ...toOrganization(row), roles };
}

/** The caller's organization, or 404. */
export async function requireOrganization(ctx: ServiceContext, caller: Caller): Promise<OrganizationView> {
  const org = await organizationOf(ctx.sdb.db, caller.accountId);
  if (org === undefined) throw notFound("organization of account", caller.accountId);
  return org;
}

/**
 * Creates an organization with the caller as its management account.
 * @throws ApiError 409 when the caller already belongs to an organization
 */
export async function createOrganization(
  ctx: ServiceContext,
  caller: Caller,
  name: string,
): Promise<OrganizationView> {
  if ((await organizationOf(ctx.sdb.db, caller.accountId)) !== undefined) {
    throw conflict(`account ${caller.accountId} already belongs to an organization`);
  }
  const now = ctx.now().toISOString();
  const row: OrgRow = {
    id: newId("org"),
    name,
    management_account_id: caller.accountId,
    delegated_admin_account_id: null,
    created_at: now,
    updated_at: now,
  };
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.insertInto("organizations").values(row).execute();
    await appendEvents(
      trx,
      [{ accountId: caller.accountId, type: "organization.created", subjectId: row.id, payload: { name } }],
      now,
    );
  });
  return { ...toOrganization(row), roles: ["MANAGEMENT"] };
}

async function requireAccount(db: Kysely<ServiceSchema>, accountId: string): Promise<void> {
  const row = await db.selectFrom("accounts").select("id").where("id", "=", accountId).executeTakeFirst();
  if (row === undefined) throw notFound("account", accountId);
}

/** The organization an account is a member of, if any. */
async function membershipOf(db: Kysely<ServiceSchema>, accountId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("organization_members")
    .select("organization_id")
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  return row?.organization_id;
}

/**
 * The management account appoints (or replaces) the delegated administrator; the new one becomes a member.
 * The previous one stays a member and loses the administrator's view.
 * @throws ApiError 403 unless the caller is the management account; 404 for an unknown account;
 *   409 when the account belongs to another organization
 */
export async function setDelegatedAdmin(
  ctx: ServiceContext,
  caller: Caller,
  accountId: string,
): Promise<OrganizationView> {
  const org = await requireOrganization(ctx, caller);
  if (!org.roles.includes("MANAGEMENT"))
    throw forbidden("only the management account appoints the delegated administrator");
  await requireAccount(ctx.sdb.db, accountId);
  const otherOrg = await organizationOf(ctx.sdb.db, accountId);
  if (otherOrg !== undefined && otherOrg.id !== org.id) {
    throw conflict(`account ${accountId} belongs to another organization`);
  }
  const now = ctx.now().toISOString();
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("organizations")
      .set({ delegated_admin_account_id: accountId, updated_at: now })
      .where("id", "=", org.id)
      .execute();
    if ((await membershipOf(trx, accountId)) === undefined) {
      await trx
        .insertInto("organization_members")
        .values({ account_id: accountId, organization_id: org.id, associated_at: now })
        .execute();
    }
    await appendEvents(
      trx,
      [
        {
          accountId: caller.accountId,
          type: "organization.delegated_admin_changed",
          subjectId: org.id,
          payload: { previous: org.delegatedAdminAccountId, current: accountId },
        },
      ],
      now,
    );
  });
  return requireOrganization(ctx, caller);
}

async function requireDelegatedAdmin(ctx: ServiceContext, caller: Caller): Promise<OrganizationView> {
  const org = await requireOrganization(ctx, caller);
  if (!org.roles.includes("DELEGATED_ADMIN")) {
    throw forbidden("only the organization's delegated administrator associates and disassociates members");
  }
  return org;
}

/**
 * The delegated administrator associates an account with the organization; associating a member again
 * is a no-op.
 * @throws ApiError 403 unless the caller is the delegated administrator; 404 for an unknown account;
 *   409 when it belongs to another organization or manages one
 */
export async function associateMember(
  ctx: ServiceContext,
  caller: Caller,
  accountId: string,
): Promise<Member> {
  const org = await requireDelegatedAdmin(ctx, caller);
  await requireAccount(ctx.sdb.db, accountId);
  const other = await organizationOf(ctx.sdb.db, accountId);
  if (other !== undefined && other.id !== org.id)
    throw conflict(`account ${accountId} belongs to another organization`);
  const now = ctx.now().toISOString();
  await ctx.sdb.db.transaction().execute(async (trx) => {
    if ((await membershipOf(trx, accountId)) !== undefined) return;
    await trx
      .insertInto("organization_members")
      .values({ account_id: accountId, organization_id: org.id, associated_at: now })
      .execute();
    await appendEvents(
      trx,
      [
        {
          accountId: caller.accountId,
          type: "organization.member_associated",
          subjectId: accountId,
          payload: { organizationId: org.id },
        },
      ],
      now,
    );
  });
  const members = await listMembers(ctx, caller);
  const m = members.find((x) => x.accountId === accountId);
  if (m === undefined) throw notFound("member", accountId);
  return m;
}

/**
 * The delegated administrator disassociates a member: from then on only the member sees its data.
 * @throws ApiError 403 unless the caller is the delegated administrator; 404 when not a member;
 *   409 for the delegated administrator itself
 */
export async function disassociateMember(
  ctx: ServiceContext,
  caller: Caller,
  accountId: string,
): Promise<void> {
  const org = await requireDelegatedAdmin(ctx, caller);
  if (accountId === caller.accountId) {
    throw conflict(
      "the delegated administrator cannot disassociate itself: the management account appoints another first",
    );
  }
  if ((await membershipOf(ctx.sdb.db, accountId)) !== org.id) throw notFound("member", accountId);
  const now = ctx.now().toISOString();
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("organization_members").where("account_id", "=", accountId).execute();
    await appendEvents(
      trx,
      [
        {
          accountId: caller.accountId,
          type: "organization.member_disassociated",
          subjectId: accountId,
          payload: { organizationId: org.id },
        },
      ],
      now,
    );
  });
}

/**
 * The organization's members, for its delegated administrator or management account.
 * @throws ApiError 403 for a plain member
 */
export async function listMembers(ctx: ServiceContext, caller: Caller): Promise<Member[]> {
  const org = await requireOrganization(ctx, caller);
  if (!org.roles.includes("DELEGATED_ADMIN") && !org.roles.includes("MANAGEMENT")) {
    throw forbidden("only the management account and the delegated administrator list members");
  }
  const rows = await ctx.sdb.db
    .selectFrom("organization_members")
    .innerJoin("accounts", "accounts.id", "organization_members.account_id")
    .select(["organization_members.account_id", "accounts.name", "organization_members.associated_at"])
    .where("organization_members.organization_id", "=", org.id)
    .orderBy("organization_members.associated_at")
    .orderBy("organization_members.account_id")
    .execute();
  return rows.map((r) => ({ accountId: r.account_id, name: r.name, associatedAt: r.associated_at }));
}
