import type { Kysely } from "kysely";
import type { ScanType } from "../../model/resource.js";
import type { Caller, ServiceContext } from "../core/context.js";
import { notFound } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { ServiceSchema } from "../db/schema.js";
import { appendEvents } from "../events/events.js";
import { SCAN_TYPES } from "../resources/scan-types.js";
import { issueKey, keyId, keyMatches } from "./keys.js";

export interface Account {
  id: string;
  name: string;
  createdAt: string;
}

/** An API key as listed: never the key or its hash. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A newly issued key: `key` is shown this once. */
export interface NewApiKey extends ApiKeyInfo {
  key: string;
}

/**
 * Creates an account with every scan type enabled (`scanTypes` narrows that) and its first API key.
 * `vigil accounts create` is the only way in: there is no sign-up endpoint.
 */
export async function createAccount(
  ctx: ServiceContext,
  name: string,
  scanTypes: readonly ScanType[] = SCAN_TYPES,
): Promise<{ account: Account; key: NewApiKey }> {
  const now = ctx.now().toISOString();
  const account: Account = { id: newId("acct"), name, createdAt: now };
  const issued = issueKey();
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.insertInto("accounts").values({ id: account.id, name, created_at: now }).execute();
    await trx
      .insertInto("api_keys")
      .values({
        id: issued.id,
        account_id: account.id,
        name: "first key",
        hash: issued.hash,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    await trx
      .insertInto("activation")
      .values(
        SCAN_TYPES.map((t) => ({
          account_id: account.id,
          scan_type: t,
          status: scanTypes.includes(t) ? ("ENABLED" as const) : ("DISABLED" as const),
          updated_at: now,
        })),
      )
      .execute();
    await appendEvents(
      trx,
      [{ accountId: account.id, type: "account.created", subjectId: account.id, payload: { name } }],
      now,
    );
  });
  return {
    account,
    key: { id: issued.id, name: "first key", createdAt: now, revokedAt: null, key: issued.key },
  };
}

/** The account with this id, or undefined. */
export async function findAccount(db: Kysely<ServiceSchema>, id: string): Promise<Account | undefined> {
  const row = await db.selectFrom("accounts").selectAll().where("id", "=", id).executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, name: row.name, createdAt: row.created_at };
}

/** The caller for a bearer key, or undefined when the key is malformed, unknown or revoked. */
export async function authenticate(db: Kysely<ServiceSchema>, key: string): Promise<Caller | undefined> {
  const id = keyId(key);
  if (id === undefined) return undefined;
  const row = await db
    .selectFrom("api_keys")
    .select(["account_id", "hash", "revoked_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || !keyMatches(key, row.hash)) return undefined;
  return { accountId: row.account_id, keyId: id };
}

/** Issues another key for the caller's account. */
export async function createKey(ctx: ServiceContext, caller: Caller, name: string): Promise<NewApiKey> {
  const now = ctx.now().toISOString();
  const issued = issueKey();
  await ctx.sdb.db
    .insertInto("api_keys")
    .values({
      id: issued.id,
      account_id: caller.accountId,
      name,
      hash: issued.hash,
      created_at: now,
      revoked_at: null,
    })
    .execute();
  return { id: issued.id, name, createdAt: now, revokedAt: null, key: issued.key };
}

/** The caller's account's keys, oldest first. */
export async function listKeys(ctx: ServiceContext, caller: Caller): Promise<ApiKeyInfo[]> {
  const rows = await ctx.sdb.db
    .selectFrom("api_keys")
    .select(["id", "name", "created_at", "revoked_at"])
    .where("account_id", "=", caller.accountId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/**
 * Revokes one of the caller's account's keys (the one in use included); revoking twice keeps the first time.
 * @throws ApiError 404 when the key is not the caller's account's
 */
export async function revokeKey(ctx: ServiceContext, caller: Caller, id: string): Promise<ApiKeyInfo> {
  const row = await ctx.sdb.db
    .selectFrom("api_keys")
    .select(["id", "name", "created_at", "revoked_at"])
    .where("id", "=", id)
    .where("account_id", "=", caller.accountId)
    .executeTakeFirst();
  if (row === undefined) throw notFound("API key", id);
  const revokedAt = row.revoked_at ?? ctx.now().toISOString();
  if (row.revoked_at === null) {
    await ctx.sdb.db.updateTable("api_keys").set({ revoked_at: revokedAt }).where("id", "=", id).execute();
  }
  return { id: row.id, name: row.name, createdAt: row.created_at, revokedAt };
}
