/**
 * Registry connections of an account: any OCI Distribution v2 registry, its credentials (the password
 * sealed at rest with the server's secret key, never returned), which repositories are scanned
 * (`repositories` instead of `/v2/_catalog`, then `inclusionRules`), and how often it is polled. Each
 * registry has a notification token (shown once, at creation) that authenticates the registry's push and
 * pull events (./notifications.ts).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { VigilError } from "../../../errors.js";
import type { RegistryCredentials } from "../../../sources/types.js";
import { type AccessScope, targetAccount, visibleAccounts } from "../../core/access.js";
import type { ServiceContext } from "../../core/context.js";
import { ApiError, badRequest, notFound } from "../../core/errors.js";
import { newId } from "../../core/ids.js";
import { registerPeriodic, removePeriodic } from "../../core/scheduler.js";
import { seal, unseal } from "../../core/secret-key.js";
import type { RegistriesTable } from "../../db/registry-tables.js";
import type { ServiceSchema } from "../../db/schema.js";

export type RegistryRow = RegistriesTable;

/** A registry as the API shows it (never the password). */
export interface RegistryView {
  id: string;
  accountId: string;
  name: string;
  url: string;
  username: string | null;
  hasPassword: boolean;
  repositories: string[] | null;
  inclusionRules: string[];
  pollIntervalMinutes: number;
  lastListedAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toRegistryView(r: RegistryRow): RegistryView {
  return {
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    url: r.url,
    username: r.username,
    hasPassword: r.password_sealed !== null,
    repositories: r.repositories === null ? null : (JSON.parse(r.repositories) as string[]),
    inclusionRules: JSON.parse(r.inclusion_rules) as string[],
    pollIntervalMinutes: r.poll_interval_minutes,
    lastListedAt: r.last_listed_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What creates or changes a registry (PATCH: every field optional; `null` clears an optional one). */
export interface RegistryInput {
  name?: string | undefined;
  url?: string | undefined;
  username?: string | null | undefined;
  password?: string | null | undefined;
  repositories?: string[] | null | undefined;
  inclusionRules?: string[] | undefined;
  pollIntervalMinutes?: number | undefined;
}

/** Default poll interval: an hour. */
export const DEFAULT_POLL_MINUTES = 60;

/**
 * `http(s)://host[:port]` from what the user wrote; a bare `host[:port]` is https (http on loopback).
 * @throws ApiError 400 naming the field
 */
export function normalizeRegistryUrl(text: string): string {
  const t = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(t)
    ? t
    : /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(t)
      ? `http://${t}`
      : `https://${t}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw badRequest(
      `body.url: ${JSON.stringify(text)} is not a registry URL; write e.g. https://registry.example.com`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badRequest(
      `body.url: ${url.protocol} is not supported; use https:// (or http:// for a plain-HTTP registry)`,
    );
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.username !== "") {
    throw badRequest(
      "body.url: give the registry's base URL only (no path, query or credentials), e.g. https://registry.example.com:5000",
    );
  }
  return `${url.protocol}//${url.host}`;
}

/** `host[:port]` of a registry URL: the prefix of its image references. */
export function registryHost(url: string): string {
  return new URL(url).host;
}

/**
 * Whether a repository is scanned under the inclusion rules (as Amazon ECR's scan filters): no rules
 * means every repository; a rule with `*` matches names where `*` stands for any characters (none
 * included); a rule without `*` matches names that contain it.
 */
export function includedByRules(rules: readonly string[], repository: string): boolean {
  if (rules.length === 0) return true;
  return rules.some((rule) => {
    if (!rule.includes("*")) return repository.includes(rule);
    const re = new RegExp(`^${rule.split("*").map(escapeRegExp).join(".*")}$`);
    return re.test(repository);
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function secretKey(ctx: ServiceContext): Buffer {
  if (ctx.secretKey === undefined) {
    throw badRequest(
      "this service has no secret key to seal the password with; start it with --secret-key-file",
    );
  }
  try {
    return ctx.secretKey();
  } catch (e) {
    if (e instanceof VigilError) throw new ApiError(400, e.code, e.message);
    throw e;
  }
}

/** The schedule name of a registry's polling. */
export function pollScheduleName(registryId: string): string {
  return `registry-poll:${registryId}`;
}

/** (Re)registers the registry's polling with the scheduler (first run one interval from now). */
async function schedulePolling(ctx: ServiceContext, r: RegistryRow): Promise<void> {
  const everyMs = r.poll_interval_minutes * 60_000;
  await registerPeriodic(ctx, {
    name: pollScheduleName(r.id),
    everyMs,
    jobType: "registry-poll",
    payload: { registryId: r.id },
    firstRunAt: new Date(ctx.now().getTime() + everyMs),
  });
}

/**
 * Creates a registry connection; the notification token is returned only here. When the account has
 * image scanning enabled, the registry's images pushed in the last 14 days are picked up (a discovery job).
 */
export async function createRegistry(
  ctx: ServiceContext,
  scope: AccessScope,
  input: RegistryInput & { name: string; url: string; accountId?: string | undefined },
): Promise<{ registry: RegistryView; notificationToken: string; discoveryJobId: string | null }> {
  const accountId = targetAccount(scope, input.accountId);
  const id = newId("reg");
  const nowIso = ctx.now().toISOString();
  const token = `vigilreg_${randomBytes(24).toString("base64url")}`;
  if (input.password != null && input.username == null) {
    throw badRequest("body.password: a password needs a username");
  }
  const row: RegistryRow = {
    id,
    account_id: accountId,
    name: input.name,
    url: normalizeRegistryUrl(input.url),
    username: input.username ?? null,
    password_sealed: input.password == null ? null : seal(secretKey(ctx), input.password, id),
    repositories: input.repositories == null ? null : JSON.stringify(input.repositories),
    inclusion_rules: JSON.stringify(input.inclusionRules ?? []),
    poll_interval_minutes: input.pollIntervalMinutes ?? DEFAULT_POLL_MINUTES,
    notification_token_hash: hashToken(token),
    last_listed_at: null,
    last_error: null,
    created_at: nowIso,
    updated_at: nowIso,
  };
  let discoveryJobId: string | null = null;
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.insertInto("registries").values(row).execute();
    discoveryJobId = await enqueueDiscoveryIfEnabled(ctx, trx, accountId, [id]);
  });
  await schedulePolling(ctx, row);
  return { registry: toRegistryView(row), notificationToken: token, discoveryJobId };
}

/**
 * Queues initial discovery of these registries when the account scans images.
 * @returns the job id, or null when image scanning is disabled or there is no registry
 */
export async function enqueueDiscoveryIfEnabled(
  ctx: ServiceContext,
  db: Kysely<ServiceSchema> | Transaction<ServiceSchema>,
  accountId: string,
  registryIds?: readonly string[],
): Promise<string | null> {
  const activation = await db
    .selectFrom("activation")
    .select("status")
    .where("account_id", "=", accountId)
    .where("scan_type", "=", "image")
    .executeTakeFirst();
  if (activation?.status !== "ENABLED") return null;
  const ids =
    registryIds ??
    (await db.selectFrom("registries").select("id").where("account_id", "=", accountId).execute()).map(
      (r) => r.id,
    );
  if (ids.length === 0) return null;
  return ctx.queue.enqueue(
    "registry-discover",
    { registryIds: [...ids], mode: "initial" },
    db.isTransaction ? { trx: db as Transaction<ServiceSchema> } : {},
  );
}

/** Registries of the given accounts, in creation order. */
export async function listRegistries(
  db: Kysely<ServiceSchema>,
  accountIds: string[],
): Promise<RegistryView[]> {
  const rows = await db
    .selectFrom("registries")
    .selectAll()
    .where("account_id", "in", accountIds)
    .orderBy("id")
    .execute();
  return rows.map(toRegistryView);
}

/**
 * A registry the scope may see.
 * @throws ApiError 404 when it does not exist or is outside the scope
 */
export async function visibleRegistry(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  id: string,
): Promise<RegistryRow> {
  const row = await db
    .selectFrom("registries")
    .selectAll()
    .where("id", "=", id)
    .where("account_id", "in", visibleAccounts(scope))
    .executeTakeFirst();
  if (row === undefined) throw notFound("registry", id);
  return row;
}

/**
 * Changes a registry; a new list of repositories or rules takes effect at the next discovery. A URL on
 * another origin (scheme, host or port) drops the stored password (and the username, unless one is
 * given) unless the same request gives a new one: credentials given for one registry never go to another.
 */
export async function updateRegistry(
  ctx: ServiceContext,
  row: RegistryRow,
  input: RegistryInput,
): Promise<RegistryView> {
  const set: Partial<RegistryRow> = { updated_at: ctx.now().toISOString() };
  if (input.name !== undefined) set.name = input.name;
  if (input.url !== undefined) set.url = normalizeRegistryUrl(input.url);
  if (set.url !== undefined && new URL(set.url).origin !== new URL(row.url).origin) {
    if (input.username === undefined && input.password === undefined) set.username = null;
    if (input.password === undefined) set.password_sealed = null;
  }
  if (input.username !== undefined) set.username = input.username;
  if (input.password !== undefined)
    set.password_sealed = input.password === null ? null : seal(secretKey(ctx), input.password, row.id);
  if (input.username === null) set.password_sealed = null;
  if (input.repositories !== undefined)
    set.repositories = input.repositories === null ? null : JSON.stringify(input.repositories);
  if (input.inclusionRules !== undefined) set.inclusion_rules = JSON.stringify(input.inclusionRules);
  if (input.pollIntervalMinutes !== undefined) set.poll_interval_minutes = input.pollIntervalMinutes;
  const next = { ...row, ...set };
  if (next.password_sealed !== null && next.username === null) {
    throw badRequest("body.password: a password needs a username");
  }
  await ctx.sdb.db.updateTable("registries").set(set).where("id", "=", row.id).execute();
  if (input.pollIntervalMinutes !== undefined) await schedulePolling(ctx, next);
  return toRegistryView(next);
}

/**
 * Deletes a registry and its polling. Its images' resources stay (with their findings), no longer
 * rescanned from it; delete them through /v1/resources.
 */
export async function deleteRegistry(ctx: ServiceContext, row: RegistryRow): Promise<void> {
  await ctx.sdb.db.deleteFrom("registry_images").where("registry_id", "=", row.id).execute();
  await ctx.sdb.db.deleteFrom("registries").where("id", "=", row.id).execute();
  await removePeriodic(ctx, pollScheduleName(row.id));
}

/** The registry's credentials, opened with the server's secret key (undefined: anonymous). */
export function registryCredentials(ctx: ServiceContext, row: RegistryRow): RegistryCredentials | undefined {
  if (row.username === null) return undefined;
  const password =
    row.password_sealed === null
      ? ""
      : unseal(secretKey(ctx), row.password_sealed, row.id, `registry ${row.id} password`);
  return { username: row.username, password };
}

/** Whether `token` is the registry's notification token (constant time). */
export function notificationTokenMatches(row: RegistryRow, token: string): boolean {
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(row.notification_token_hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
