/**
 * Hosts registered for agentless scanning: SSH address, user, private key (sealed at rest with the
 * server's secret key), pinned host key, scan interval and scan mode. Each has a schedule
 * `agentless:<resourceId>` (../scheduler.ts) that enqueues an `agentless-scan` job every interval.
 */
import type { Kysely } from "kysely";
import { type AccessScope, visibleAccounts } from "../../core/access.js";
import type { ServiceContext } from "../../core/context.js";
import { conflict, notFound } from "../../core/errors.js";
import { registerPeriodic, removePeriodic } from "../../core/scheduler.js";
import { sealSecret } from "../../core/secrets.js";
import type { AgentlessTargetsTable, ServiceSchema } from "../../db/schema.js";
import { findOrCreateResource, setTags } from "../../resources/resources.js";
import { checkPrivateKey, parsePinnedHostKey } from "./ssh.js";

declare module "../../jobs/types.js" {
  interface JobPayloads {
    /** Scan one host over SSH, unless its live agent scans it (hybrid mode). */
    "agentless-scan": { resourceId: string };
    /** Switch hybrid hosts between agent and agentless as their agents come and go. */
    "agentless-hybrid": { liveMs?: number };
  }
}

/** How a host is scanned: by its agent when live else over SSH (default), or always one of them. */
export type ScanModeSetting = "hybrid" | "agent" | "agentless";

/** A registration as the API shows it (never the private key). */
export interface AgentlessTargetView {
  resourceId: string;
  accountId: string;
  name: string;
  address: string;
  port: number;
  username: string;
  /** The pinned host key (`<type> <base64>` or `SHA256:...`); null until the first connection records it. */
  hostKey: string | null;
  /** "pinned": given at registration; "first-use": recorded at the first connection, enforced since. */
  hostKeySource: "pinned" | "first-use";
  root: string;
  mode: ScanModeSetting;
  intervalHours: number;
  /** The scan mode in use now: AGENT, AGENTLESS or null. */
  scanMode: "AGENT" | "AGENTLESS" | null;
  lastScanAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What registering a host takes. */
export interface NewAgentlessTarget {
  accountId: string;
  name: string;
  address: string;
  port: number;
  username: string;
  privateKey: string;
  hostKey?: string | undefined;
  root?: string | undefined;
  intervalHours: number;
  mode: ScanModeSetting;
  tags?: Record<string, string> | undefined;
}

/** The schedule of one host's scans. */
export function scheduleName(resourceId: string): string {
  return `agentless:${resourceId}`;
}

const HOUR = 3_600_000;

type TargetRow = AgentlessTargetsTable;

function toView(t: TargetRow, name: string, scanMode: string | null): AgentlessTargetView {
  return {
    resourceId: t.resource_id,
    accountId: t.account_id,
    name,
    address: t.address,
    port: t.port,
    username: t.username,
    hostKey: t.host_key,
    hostKeySource: t.host_key_source === "pinned" ? "pinned" : "first-use",
    root: t.root ?? "/",
    mode: t.mode as ScanModeSetting,
    intervalHours: t.interval_hours,
    scanMode: scanMode === "AGENT" || scanMode === "AGENTLESS" ? scanMode : null,
    lastScanAt: t.last_scan_at,
    lastError: t.last_error,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
  };
}

/** The scan mode a setting puts a host in right away (hybrid: by its agent's liveness). */
export function modeInUse(mode: ScanModeSetting, agentLive: boolean): "AGENT" | "AGENTLESS" {
  if (mode === "agent") return "AGENT";
  if (mode === "agentless") return "AGENTLESS";
  return agentLive ? "AGENT" : "AGENTLESS";
}

/** Whether an agent that last reported at `seenAt` is live at `now`. */
export function agentLive(seenAt: string | null, now: Date, liveMs: number): boolean {
  return seenAt !== null && now.getTime() - Date.parse(seenAt) <= liveMs;
}

/**
 * Registers a host for agentless scanning: the host resource (created when new; a host its agent already
 * reports is the same resource), the sealed key, and its schedule, whose first scan is due at once.
 * @throws ApiError 409 when the host is already registered
 * @throws InputError for a private key or host key that does not parse
 */
export async function registerTarget(
  ctx: ServiceContext,
  input: NewAgentlessTarget,
  liveMs: number,
): Promise<AgentlessTargetView> {
  checkPrivateKey(input.privateKey, "privateKey");
  const hostKey = input.hostKey === undefined ? null : parsePinnedHostKey(input.hostKey, "hostKey");
  const { row, created } = await findOrCreateResource(ctx, {
    accountId: input.accountId,
    type: "host",
    name: input.name,
    tags: input.tags ?? {},
    pushedAt: undefined,
  });
  if (!created && input.tags !== undefined) await setTags(ctx, row, input.tags);
  const nowIso = ctx.now().toISOString();
  const target: TargetRow = {
    resource_id: row.id,
    account_id: row.account_id,
    address: input.address,
    port: input.port,
    username: input.username,
    private_key: sealSecret(ctx, input.privateKey, row.id),
    host_key: hostKey,
    host_key_source: hostKey === null ? "first-use" : "pinned",
    root: input.root === undefined || input.root === "/" ? null : input.root,
    mode: input.mode,
    interval_hours: input.intervalHours,
    last_scan_at: null,
    last_error: null,
    created_at: nowIso,
    updated_at: nowIso,
  };
  const existing = await ctx.sdb.db
    .selectFrom("agentless_targets")
    .select("resource_id")
    .where("resource_id", "=", row.id)
    .executeTakeFirst();
  if (existing !== undefined)
    throw conflict(`host ${input.name} is already registered for agentless scanning (resource ${row.id})`);
  const scanMode = modeInUse(input.mode, agentLive(row.agent_last_seen_at, ctx.now(), liveMs));
  const inserted = await ctx.sdb.db.transaction().execute(async (trx) => {
    // A concurrent registration of the same host loses here (the primary key), not with a 500.
    const r = await trx
      .insertInto("agentless_targets")
      .values(target)
      .onConflict((oc) => oc.column("resource_id").doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    await trx.updateTable("resources").set({ scan_mode: scanMode }).where("id", "=", row.id).execute();
    return true;
  });
  if (!inserted)
    throw conflict(`host ${input.name} is already registered for agentless scanning (resource ${row.id})`);
  await schedule(ctx, target);
  return toView(target, row.name, scanMode);
}

async function schedule(
  ctx: ServiceContext,
  t: Pick<TargetRow, "resource_id" | "interval_hours">,
): Promise<void> {
  await registerPeriodic(ctx, {
    name: scheduleName(t.resource_id),
    everyMs: t.interval_hours * HOUR,
    jobType: "agentless-scan",
    payload: { resourceId: t.resource_id },
  });
}

async function visibleTarget(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  resourceId: string,
): Promise<{ t: TargetRow; name: string; scanMode: string | null }> {
  const row = await db
    .selectFrom("agentless_targets as t")
    .innerJoin("resources as r", "r.id", "t.resource_id")
    .selectAll("t")
    .select(["r.name as resource_name", "r.scan_mode as resource_scan_mode"])
    .where("t.resource_id", "=", resourceId)
    .where("t.account_id", "in", visibleAccounts(scope))
    .executeTakeFirst();
  if (row === undefined) throw notFound("agentless host", resourceId);
  const { resource_name, resource_scan_mode, ...t } = row;
  return { t, name: resource_name, scanMode: resource_scan_mode };
}

/** One registration the scope may see. */
export async function getTarget(
  ctx: ServiceContext,
  scope: AccessScope,
  resourceId: string,
): Promise<AgentlessTargetView> {
  const { t, name, scanMode } = await visibleTarget(ctx.sdb.db, scope, resourceId);
  return toView(t, name, scanMode);
}

/** The registrations of these accounts, by host name. */
export async function listTargets(ctx: ServiceContext, accountIds: string[]): Promise<AgentlessTargetView[]> {
  const rows = await ctx.sdb.db
    .selectFrom("agentless_targets as t")
    .innerJoin("resources as r", "r.id", "t.resource_id")
    .selectAll("t")
    .select(["r.name as resource_name", "r.scan_mode as resource_scan_mode"])
    .where("t.account_id", "in", accountIds)
    .orderBy("r.name")
    .execute();
  return rows.map(({ resource_name, resource_scan_mode, ...t }) =>
    toView(t, resource_name, resource_scan_mode),
  );
}

/** What can change on a registration. */
export interface TargetChange {
  address?: string | undefined;
  port?: number | undefined;
  username?: string | undefined;
  privateKey?: string | undefined;
  /** A new pinned key; null forgets the key so the next connection records it (trust on first use). */
  hostKey?: string | null | undefined;
  root?: string | undefined;
  intervalHours?: number | undefined;
  mode?: ScanModeSetting | undefined;
}

/** Changes a registration; a new interval reschedules it, a new mode applies at once. */
export async function updateTarget(
  ctx: ServiceContext,
  scope: AccessScope,
  resourceId: string,
  change: TargetChange,
  liveMs: number,
): Promise<AgentlessTargetView> {
  const { t } = await visibleTarget(ctx.sdb.db, scope, resourceId);
  if (change.privateKey !== undefined) checkPrivateKey(change.privateKey, "privateKey");
  const hostKey =
    change.hostKey === undefined
      ? undefined
      : change.hostKey === null
        ? null
        : parsePinnedHostKey(change.hostKey, "hostKey");
  const nowIso = ctx.now().toISOString();
  const next: TargetRow = {
    ...t,
    ...(change.address === undefined ? {} : { address: change.address }),
    ...(change.port === undefined ? {} : { port: change.port }),
    ...(change.username === undefined ? {} : { username: change.username }),
    ...(change.privateKey === undefined
      ? {}
      : { private_key: sealSecret(ctx, change.privateKey, t.resource_id) }),
    ...(hostKey === undefined
      ? {}
      : { host_key: hostKey, host_key_source: hostKey === null ? "first-use" : "pinned" }),
    ...(change.root === undefined ? {} : { root: change.root === "/" ? null : change.root }),
    ...(change.intervalHours === undefined ? {} : { interval_hours: change.intervalHours }),
    ...(change.mode === undefined ? {} : { mode: change.mode }),
    updated_at: nowIso,
  };
  const resource = await ctx.sdb.db
    .selectFrom("resources")
    .select(["name", "agent_last_seen_at", "scan_mode"])
    .where("id", "=", resourceId)
    .executeTakeFirstOrThrow();
  const scanMode =
    change.mode === undefined
      ? resource.scan_mode
      : modeInUse(change.mode, agentLive(resource.agent_last_seen_at, ctx.now(), liveMs));
  const { resource_id, ...values } = next;
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.updateTable("agentless_targets").set(values).where("resource_id", "=", resource_id).execute();
    await trx.updateTable("resources").set({ scan_mode: scanMode }).where("id", "=", resource_id).execute();
  });
  if (change.intervalHours !== undefined) await schedule(ctx, next);
  return toView(next, resource.name, scanMode);
}

/** Removes a host's SSH access and its schedule; the host resource and its findings stay. */
export async function deleteTarget(
  ctx: ServiceContext,
  scope: AccessScope,
  resourceId: string,
): Promise<void> {
  const { t } = await visibleTarget(ctx.sdb.db, scope, resourceId);
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("agentless_targets").where("resource_id", "=", t.resource_id).execute();
    await trx
      .updateTable("resources")
      .set((eb) => ({
        scan_mode: eb.case().when("scan_mode", "=", "AGENTLESS").then(null).else(eb.ref("scan_mode")).end(),
      }))
      .where("id", "=", t.resource_id)
      .execute();
  });
  await removePeriodic(ctx, scheduleName(t.resource_id));
}

/** Queues a scan of the host now (besides its schedule). */
export async function scanNow(ctx: ServiceContext, scope: AccessScope, resourceId: string): Promise<string> {
  const { t } = await visibleTarget(ctx.sdb.db, scope, resourceId);
  return ctx.queue.enqueue("agentless-scan", { resourceId: t.resource_id });
}
