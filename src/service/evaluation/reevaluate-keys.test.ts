/**
 * Incremental re-evaluation after a vulnerability database change (`reevaluateKeys`, run by the
 * `reevaluate-keys` jobs `syncVulnDbChanges` enqueues) leaves the same findings, statuses, timestamps and
 * events as a whole re-match (`reevaluate`) of the same resources on the same change.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { importFeeds } from "../../intel/index.js";
import type { Inventory } from "../../model/inventory.js";
import type { JobPayloads } from "../jobs/types.js";
import { createResource } from "../resources/resources.js";
import { closeContext, type DbServiceContext, openContext } from "../runtime.js";
import { createAccount } from "../tenancy/accounts.js";
import {
  createTestDatabase,
  dialects,
  FEEDS,
  npmInventory,
  TestClock,
  type TestDatabase,
} from "../test-support/fixtures.js";
import { evaluateResource, reevaluate, reevaluateKeys } from "./evaluation.js";
import { syncVulnDbChanges } from "./reevaluate-on-update.js";
import { createSuppressionRule } from "./suppression.js";

const WG = join(FEEDS, "nodejs-security-wg");
/** Records of the Node.js security WG feed: lodash (516 affects 4.17.15), express 4.0.0, moment 2.10.0. */
const LODASH = ["368.json", "493.json", "516.json"];
const EXPRESS = "8.json";
const MOMENT = "55.json";

/** Resources by name: two replicas share one inventory; one is excluded by tag (the whole path). */
const RESOURCES: { name: string; tags: Record<string, string>; inventory: Inventory }[] = [
  {
    name: "shop",
    tags: {},
    inventory: npmInventory(["lodash", "4.17.15"], ["express", "4.0.0"], ["moment", "2.10.0"]),
  },
  { name: "replica-1", tags: {}, inventory: npmInventory(["lodash", "4.17.15"], ["moment", "2.10.0"]) },
  { name: "replica-2", tags: {}, inventory: npmInventory(["lodash", "4.17.15"], ["moment", "2.10.0"]) },
  { name: "express-only", tags: {}, inventory: npmInventory(["express", "4.0.0"]) },
  { name: "excluded", tags: { "vigil:exclude": "true" }, inventory: npmInventory(["lodash", "4.17.15"]) },
];

/** One service database with the same resources: A takes the incremental path, B the whole one. */
interface Side {
  tdb: TestDatabase;
  ctx: DbServiceContext;
  accountId: string;
  /** Resource id -> name (finding and resource ids differ between the sides; names do not). */
  names: Map<string, string>;
}

for (const { dialect, skip } of await dialects()) {
  describe(`incremental re-evaluation equals a whole re-match (${dialect})`, { skip }, () => {
    let dir: string;
    let feedDir: string;
    let vulnDb: string;
    const clock = new TestClock();
    const sides: Side[] = [];

    /** Lays the feed out as given (which records are in, one modified) and builds the database. */
    const buildDb = async (without: string[], modified?: string) => {
      rmSync(feedDir, { recursive: true, force: true });
      cpSync(WG, feedDir, { recursive: true });
      for (const f of without) rmSync(join(feedDir, "vuln/npm", f));
      if (modified !== undefined) {
        const path = join(feedDir, "vuln/npm", modified);
        const record = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
        record.title = `${String(record.title)} (revised)`;
        record.updated_at = "2026-11-25";
        writeFileSync(path, JSON.stringify(record));
      }
      const next = join(dir, "incoming.db");
      await importFeeds([feedDir], { db: next });
      cpSync(next, vulnDb);
      rmSync(next);
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "vigil-rekeys-"));
      feedDir = join(dir, "nodejs-security-wg");
      vulnDb = join(dir, "vuln.db");
      await buildDb([MOMENT]);
      for (let i = 0; i < 2; i++) {
        const tdb = await createTestDatabase(dialect);
        const ctx = await openContext({ database: tdb.location, vulnDb, now: clock.now });
        const { account } = await createAccount(ctx, "rekeys");
        const names = new Map<string, string>();
        for (const r of RESOURCES) {
          const { id } = await createResource(ctx, {
            accountId: account.id,
            type: "repository",
            name: r.name,
            tags: r.tags,
          });
          names.set(id, r.name);
          await evaluateResource(ctx, id, r.inventory);
        }
        sides.push({ tdb, ctx, accountId: account.id, names });
      }
      assert.equal((await syncVulnDbChanges(sides[0]?.ctx as DbServiceContext)).baseline, "none");
    });
    after(async () => {
      for (const s of sides) {
        await closeContext(s.ctx);
        await s.tdb.drop();
      }
      rmSync(dir, { recursive: true, force: true });
    });

    /** Findings, resources and events of a side, with ids replaced by resource names (comparable). */
    const snapshot = async (s: Side) => {
      const db = s.ctx.sdb.db;
      const name = (id: string) => s.names.get(id) ?? id;
      const findingKey = new Map<string, string>();
      const findings = (await db.selectFrom("findings").selectAll().execute())
        .map((f) => {
          const key = `${name(f.resource_id)}|${f.vulnerability_id}|${f.package_name}@${f.package_version}`;
          findingKey.set(f.id, key);
          const { id: _id, resource_id: _r, account_id: _a, detail, status_reason, ...rest } = f;
          const { id: _did, ...d } = JSON.parse(detail) as Record<string, unknown>;
          return {
            key,
            ...rest,
            risk: Number(rest.risk),
            status_reason: status_reason?.startsWith("sup") ? "rule" : status_reason,
            detail: d,
          };
        })
        .sort((a, b) => a.key.localeCompare(b.key));
      const resources = (await db.selectFrom("resources").selectAll().execute())
        .map(({ id: _id, account_id: _a, ...r }) => r)
        .sort((a, b) => a.name.localeCompare(b.name));
      const events = (await db.selectFrom("events").selectAll().execute())
        .map((e) => {
          const payload = JSON.parse(e.payload) as Record<string, unknown>;
          if (typeof payload.resourceId === "string") payload.resourceId = name(payload.resourceId);
          return {
            type: e.type,
            subject: findingKey.get(e.subject_id) ?? name(e.subject_id),
            payload: JSON.stringify(payload),
            at: e.created_at,
          };
        })
        .filter((e) => !e.type.startsWith("suppression_rule") && e.type !== "account.created")
        .map((e) => JSON.stringify(e))
        .sort();
      return { findings, resources, events };
    };

    /** Swaps in the database, then A: sync + keyed jobs; B: whole re-match of the same resources. */
    const update = async (without: string[], modified?: string) => {
      clock.advance(3_600_000);
      await buildDb(without, modified);
      const [a, b] = sides as [Side, Side];
      const sync = await syncVulnDbChanges(a.ctx);
      assert.equal(sync.baseline, "previous");
      const jobs = await a.ctx.sdb.db
        .selectFrom("jobs")
        .select(["id", "type", "payload"])
        .where("status", "=", "queued")
        .execute();
      assert.ok(jobs.length > 0 && jobs.every((j) => j.type === "reevaluate-keys"), "keyed jobs enqueued");
      const keyed = { incremental: 0, full: 0 };
      for (const j of jobs) {
        const p = JSON.parse(j.payload) as JobPayloads["reevaluate-keys"];
        const r = await reevaluateKeys(a.ctx, p.resourceIds, p.keys);
        keyed.incremental += r.incremental;
        keyed.full += r.full.length;
        await a.ctx.sdb.db.deleteFrom("jobs").where("id", "=", j.id).execute();
      }
      const byName = new Map([...b.names].map(([id, n]) => [n, id]));
      await reevaluate(
        b.ctx,
        sync.resourceIds.map((id) => byName.get(a.names.get(id) as string) as string),
      );
      return { sync, keyed, names: sync.resourceIds.map((id) => a.names.get(id)).sort() };
    };

    /**
     * Both sides alike. A whole re-match also sets lastObservedAt (and updatedAt) of the findings of
     * packages whose advisories did not change; the incremental path leaves them: those two columns are
     * compared only for the findings of the packages in `changed`.
     */
    const assertSame = async (changed: string[]) => {
      const [a, b] = await Promise.all(sides.map(snapshot));
      const strip = (fs: Awaited<ReturnType<typeof snapshot>>["findings"] | undefined) =>
        (fs ?? []).map((f) =>
          changed.includes(f.package_name ?? "")
            ? f
            : { ...f, last_observed_at: "(unchanged key)", updated_at: "(unchanged key)" },
        );
      assert.deepEqual(strip(a?.findings), strip(b?.findings), "findings");
      assert.deepEqual(a?.resources, b?.resources, "resources");
      assert.deepEqual(a?.events, b?.events, "events");
      return a as Awaited<ReturnType<typeof snapshot>>;
    };

    test("advisories withdrawn and added: findings closed and created alike", async () => {
      await assertSame(["lodash", "express", "moment"]);
      const r = await update([...LODASH]);
      assert.deepEqual(
        r.sync.changedKeys.filter((k) => k.ecosystem === "npm").map((k) => k.name),
        ["lodash", "moment"],
      );
      assert.deepEqual(r.names, ["excluded", "replica-1", "replica-2", "shop"]);
      assert.deepEqual(r.keyed, { incremental: 3, full: 1 }, "the excluded resource takes the whole path");
      const s = await assertSame(["lodash", "moment"]);
      const status = (key: string) => s.findings.find((f) => f.key === key)?.status;
      assert.equal(status("shop|NSWG-ECO-516|lodash@4.17.15"), "CLOSED");
      assert.equal(status("replica-2|CVE-2016-4055|moment@2.10.0"), "ACTIVE");
    });

    test("advisories back and one revised: reopened (a rule suppresses one), updated alike", async () => {
      for (const s of sides) {
        await createSuppressionRule(
          s.ctx.sdb.db,
          { self: s.accountId, members: [] },
          {
            name: "accepted",
            reason: "not reachable",
            action: "suppress",
            filters: { vulnerabilityId: "NSWG-ECO-516" },
          },
          s.ctx.now().toISOString(),
        );
      }
      const r = await update([], EXPRESS);
      assert.deepEqual(
        r.sync.changedKeys.filter((k) => k.ecosystem === "npm").map((k) => k.name),
        ["express", "lodash"],
      );
      assert.deepEqual(r.keyed, { incremental: 4, full: 1 });
      const s = await assertSame(["express", "lodash"]);
      const one = (key: string) => s.findings.find((f) => f.key === key);
      assert.equal(one("replica-1|NSWG-ECO-516|lodash@4.17.15")?.status, "SUPPRESSED");
      assert.equal(one("replica-1|NSWG-ECO-516|lodash@4.17.15")?.closed_at, null);
      const express = s.findings.filter((f) => f.key.startsWith("express-only|"));
      assert.ok(
        express.some((f) => String(f.detail.title).endsWith("(revised)")),
        "express finding refreshed",
      );
      assert.ok(s.events.some((e) => e.includes('"finding.updated"')));
      assert.ok(s.events.some((e) => e.includes('"finding.reopened"')));
    });
  });
}
