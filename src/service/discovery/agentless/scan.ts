/**
 * The agentless scan of one host (job `agentless-scan`) and hybrid mode (job `agentless-hybrid`).
 *
 * A scan reads the host's package databases and a few files over SSH into a temporary root, runs the
 * inventory engine on it (the same report an agent makes: src/agent/collect.ts), and submits it as
 * `POST /v1/inventories` does, with `collector.kind = "agentless"`. A failure (unreachable host, refused
 * key, host key mismatch) is recorded on the registration and shown as the host's coverage (ERROR).
 *
 * Hybrid mode: a host whose agent reported within `liveMs` (default 3 heartbeats of 5 min) is scanned by
 * its agent and the agentless job skips it; the `agentless-hybrid` sweep, every liveMs / 3, moves hosts
 * whose agent went silent to agentless (queueing a scan at once) and hosts whose agent came back to AGENT.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage, isVigilError } from "../../../errors.js";
import { collectHost } from "../../../host/collect.js";
import type { ServiceContext } from "../../core/context.js";
import { getSchedule, registerPeriodic, removePeriodic } from "../../core/scheduler.js";
import { openSecret } from "../../core/secrets.js";
import { evaluateResource } from "../../evaluation/evaluation.js";
import { appendEvents } from "../../events/events.js";
import { recordCollector } from "../../resources/agents.js";
import { excludedByTag } from "../../resources/coverage.js";
import { parseInventory } from "../../resources/inventory-codec.js";
import { scanTypeEnabled } from "../../resources/resources.js";
import { readHostFiles } from "./ssh.js";
import { agentLive, modeInUse, type ScanModeSetting, scheduleName } from "./targets.js";

/** The hybrid sweep's schedule; its payload carries the live window, shared by every process. */
export const HYBRID_SCHEDULE = "agentless-hybrid";

/** An agent is live while it reported within this (three heartbeats of the agent's default 5 min). */
export const DEFAULT_AGENT_LIVE_MS = 15 * 60_000;

/** Registers (or updates) the hybrid sweep: runs every liveMs / 3, at least every minute. */
export async function configureHybrid(
  ctx: Pick<ServiceContext, "sdb" | "queue" | "now">,
  liveMs = DEFAULT_AGENT_LIVE_MS,
): Promise<void> {
  await registerPeriodic(ctx, {
    name: HYBRID_SCHEDULE,
    everyMs: Math.max(60_000, Math.round(liveMs / 3)),
    jobType: "agentless-hybrid",
    payload: { liveMs },
  });
}

/** The live window in force (the hybrid schedule's), or the default. */
export async function agentLiveMs(ctx: Pick<ServiceContext, "sdb">): Promise<number> {
  const s = await getSchedule(ctx, HYBRID_SCHEDULE);
  const v = (s?.payload as { liveMs?: unknown } | undefined)?.liveMs;
  return typeof v === "number" && v > 0 ? v : DEFAULT_AGENT_LIVE_MS;
}

/** What one `agentless-scan` job did. */
export type ScanOutcome =
  | { outcome: "scanned"; open: number; packages: number }
  | { outcome: "agent" }
  | { outcome: "excluded" }
  | { outcome: "gone" }
  | { outcome: "failed"; error: string };

/** Runs the agentless scan of one host (or skips it for its live agent); never throws for a host's fault. */
export async function agentlessScan(ctx: ServiceContext, resourceId: string): Promise<ScanOutcome> {
  const db = ctx.sdb.db;
  const t = await db
    .selectFrom("agentless_targets")
    .selectAll()
    .where("resource_id", "=", resourceId)
    .executeTakeFirst();
  const r = await db.selectFrom("resources").selectAll().where("id", "=", resourceId).executeTakeFirst();
  if (t === undefined || r === undefined) {
    await removePeriodic(ctx, scheduleName(resourceId));
    return { outcome: "gone" };
  }
  // Not connected to: a host tagged vigil:exclude, or an account with host scanning off (coverage says so).
  if (excludedByTag("host", JSON.parse(r.tags) as Record<string, string>)) return { outcome: "excluded" };
  if (!(await scanTypeEnabled(db, r.account_id, "host"))) return { outcome: "excluded" };
  const now = ctx.now();
  const nowIso = now.toISOString();
  const mode = modeInUse(
    t.mode as ScanModeSetting,
    agentLive(r.agent_last_seen_at, now, await agentLiveMs(ctx)),
  );
  if (r.scan_mode !== mode)
    await db.updateTable("resources").set({ scan_mode: mode }).where("id", "=", r.id).execute();
  if (mode === "AGENT") return { outcome: "agent" };

  const dir = await mkdtemp(join(tmpdir(), "vigil-agentless-"));
  try {
    const privateKey = openSecret(
      ctx,
      t.private_key,
      t.resource_id,
      `privateKey of agentless host ${r.name}`,
    );
    const read = await readHostFiles(
      {
        address: t.address,
        port: t.port,
        username: t.username,
        privateKey,
        hostKey: t.host_key,
        root: t.root ?? "/",
      },
      dir,
      { outbound: ctx.outbound },
    );
    if (t.host_key === null) {
      // Trust on first use: record the key; every later connection must present it.
      await db
        .updateTable("agentless_targets")
        .set({ host_key: read.hostKey.line, host_key_source: "first-use", updated_at: nowIso })
        .where("resource_id", "=", t.resource_id)
        .where("host_key", "is", null)
        .execute();
    }
    const report = await collectHost(dir, r.name, { now: ctx.now });
    const problems = [
      ...report.inventory.problems,
      ...read.problems.map((p) => ({ path: p.path, by: "agentless", message: p.message })),
    ];
    const inv = parseInventory(
      JSON.parse(JSON.stringify({ ...report.inventory, target: { kind: "host", ref: r.name }, problems })),
      `agentless scan of ${r.name}`,
      now,
    );
    await recordCollector(db, r.id, { ...report.collector, kind: "agentless" }, nowIso);
    const summary = await evaluateResource(ctx, r.id, inv);
    await db
      .updateTable("agentless_targets")
      .set({ last_scan_at: nowIso, last_error: null })
      .where("resource_id", "=", t.resource_id)
      .execute();
    return { outcome: "scanned", open: summary.open, packages: inv.packages.length };
  } catch (e) {
    if (!isVigilError(e)) throw e;
    const message = errorMessage(e);
    await recordFailure(ctx, r.id, r.account_id, message, nowIso);
    return { outcome: "failed", error: message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Records a failed scan on the registration and as the host's coverage (NOT_SCANNING, ERROR). */
async function recordFailure(
  ctx: ServiceContext,
  resourceId: string,
  accountId: string,
  message: string,
  nowIso: string,
): Promise<void> {
  const detail = `agentless scan failed: ${message}`.slice(0, 2000);
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("agentless_targets")
      .set({ last_error: message.slice(0, 2000) })
      .where("resource_id", "=", resourceId)
      .execute();
    const before = await trx
      .selectFrom("resources")
      .select(["coverage_status", "coverage_reason"])
      .where("id", "=", resourceId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("resources")
      .set({
        coverage_status: "NOT_SCANNING",
        coverage_reason: "ERROR",
        coverage_detail: detail,
        updated_at: nowIso,
      })
      .where("id", "=", resourceId)
      .execute();
    if (before.coverage_status !== "NOT_SCANNING" || before.coverage_reason !== "ERROR") {
      await appendEvents(
        trx,
        [
          {
            accountId,
            type: "resource.coverage_changed",
            subjectId: resourceId,
            payload: { status: "NOT_SCANNING", reason: "ERROR" },
          },
        ],
        nowIso,
      );
    }
  });
}

/**
 * The hybrid sweep: hosts whose agent is live go to AGENT (unless forced agentless); hybrid hosts whose
 * agent went silent go to AGENTLESS with a scan queued now; a host with no SSH registration whose agent
 * went silent is scanned by nothing (null). Returns the hosts moved to agentless.
 */
export async function hybridSweep(ctx: ServiceContext): Promise<string[]> {
  const db = ctx.sdb.db;
  const now = ctx.now();
  const liveSince = new Date(now.getTime() - (await agentLiveMs(ctx))).toISOString();
  const forcedAgentless = db
    .selectFrom("agentless_targets")
    .select("resource_id")
    .where("mode", "=", "agentless");
  await db
    .updateTable("resources")
    .set({ scan_mode: "AGENT" })
    .where("type", "=", "host")
    .where("agent_last_seen_at", ">=", liveSince)
    .where((eb) => eb.or([eb("scan_mode", "is", null), eb("scan_mode", "!=", "AGENT")]))
    .where("id", "not in", forcedAgentless)
    .execute();
  const toAgentless = await db
    .selectFrom("resources as r")
    .innerJoin("agentless_targets as t", "t.resource_id", "r.id")
    .select("r.id")
    .where("t.mode", "=", "hybrid")
    .where("r.scan_mode", "=", "AGENT")
    .where((eb) =>
      eb.or([eb("r.agent_last_seen_at", "is", null), eb("r.agent_last_seen_at", "<", liveSince)]),
    )
    .orderBy("r.id")
    .execute();
  const moved: string[] = [];
  for (const { id } of toAgentless) {
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable("resources")
        .set({ scan_mode: "AGENTLESS" })
        .where("id", "=", id)
        .where("scan_mode", "=", "AGENT")
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      await ctx.queue.enqueue("agentless-scan", { resourceId: id }, { trx });
      moved.push(id);
    });
  }
  await db
    .updateTable("resources")
    .set({ scan_mode: null })
    .where("type", "=", "host")
    .where("scan_mode", "=", "AGENT")
    .where((eb) => eb.or([eb("agent_last_seen_at", "is", null), eb("agent_last_seen_at", "<", liveSince)]))
    .where("id", "not in", db.selectFrom("agentless_targets").select("resource_id"))
    .execute();
  return moved;
}
