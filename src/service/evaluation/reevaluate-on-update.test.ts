import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { importFeeds } from "../../intel/index.js";
import type { Inventory } from "../../model/inventory.js";
import { createResource } from "../resources/resources.js";
import { closeContext, createWorker, type DbServiceContext, openContext } from "../runtime.js";
import { createAccount } from "../tenancy/accounts.js";
import {
  createTestDatabase,
  dialects,
  FEEDS,
  npmInventory,
  type TestDatabase,
} from "../test-support/fixtures.js";
import { evaluateResource } from "./evaluation.js";
import { syncVulnDbChanges } from "./reevaluate-on-update.js";

/** The Node.js security WG records naming lodash (516 is NSWG-ECO-516, which 4.17.15 is affected by). */
const LODASH_RECORDS = ["368.json", "493.json", "516.json"];

for (const { dialect, skip } of await dialects()) {
  describe(`re-evaluation after a vulnerability database swap (${dialect})`, { skip }, () => {
    let dir: string;
    let feedDir: string;
    let vulnDb: string;
    let tdb: TestDatabase;
    let ctx: DbServiceContext;
    const ids: Record<string, string> = {};

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "vigil-rescan-"));
      // A feed dir of the real WG records without the lodash ones: the database before the update.
      feedDir = join(dir, "nodejs-security-wg");
      cpSync(join(FEEDS, "nodejs-security-wg"), feedDir, { recursive: true });
      for (const f of LODASH_RECORDS) rmSync(join(feedDir, "vuln/npm", f));
      vulnDb = join(dir, "vuln.db");
      await importFeeds([feedDir], { db: vulnDb });
      tdb = await createTestDatabase(dialect);
      ctx = await openContext({ database: tdb.location, vulnDb });
      const { account } = await createAccount(ctx, "rescan");
      const resources: Record<string, Inventory> = {
        lodashA: npmInventory(["lodash", "4.17.15"], ["express", "4.0.0"]),
        lodashB: npmInventory(["lodash", "4.17.15"]),
        express: npmInventory(["express", "4.0.0"]),
        moment: npmInventory(["moment", "2.10.0"]),
      };
      for (const [name, inv] of Object.entries(resources)) {
        ids[name] = (
          await createResource(ctx, { accountId: account.id, type: "repository", name, tags: {} })
        ).id;
        await evaluateResource(ctx, ids[name] as string, inv);
      }
      assert.equal((await syncVulnDbChanges(ctx)).baseline, "none");
    });
    after(async () => {
      await closeContext(ctx);
      await tdb.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const lodashFindings = async (resourceId: string) =>
      (
        await ctx.sdb.db
          .selectFrom("findings")
          .select("vulnerability_id")
          .where("resource_id", "=", resourceId)
          .where("package_name", "=", "lodash")
          .where("status", "=", "ACTIVE")
          .execute()
      ).map((r) => r.vulnerability_id);

    test("no swap: nothing is re-evaluated", async () => {
      const r = await syncVulnDbChanges(ctx);
      assert.equal(r.swapped, false);
      assert.deepEqual(r.jobIds, []);
    });

    test("a swapped database adding lodash advisories re-evaluates only the lodash resources", async () => {
      assert.deepEqual(await lodashFindings(ids.lodashA as string), []);
      const eventsBefore = (await ctx.sdb.db.selectFrom("events").select("id").execute()).length;
      for (const f of LODASH_RECORDS) {
        cpSync(join(FEEDS, "nodejs-security-wg/vuln/npm", f), join(feedDir, "vuln/npm", f));
      }
      await importFeeds([feedDir], { db: vulnDb });

      const r = await syncVulnDbChanges(ctx);
      assert.equal(r.baseline, "previous");
      assert.deepEqual(r.changedKeys, [{ ecosystem: "npm", name: "lodash" }]);
      assert.deepEqual(r.resourceIds, [ids.lodashA, ids.lodashB].sort());
      assert.equal(r.jobIds.length, 1);

      const before = new Map(
        (await ctx.sdb.db.selectFrom("resources").select(["id", "last_scanned_at"]).execute()).map((x) => [
          x.id,
          x.last_scanned_at,
        ]),
      );
      const worker = createWorker(ctx);
      assert.equal(await worker.drain(), 1);
      const afterScan = await ctx.sdb.db.selectFrom("resources").select(["id", "last_scanned_at"]).execute();
      const rescanned = afterScan.filter((x) => x.last_scanned_at !== before.get(x.id)).map((x) => x.id);
      assert.deepEqual(rescanned.sort(), [ids.lodashA, ids.lodashB].sort());

      for (const id of [ids.lodashA, ids.lodashB]) {
        assert.ok((await lodashFindings(id as string)).includes("NSWG-ECO-516"), "lodash finding created");
      }
      const created = (
        await ctx.sdb.db.selectFrom("events").select(["type", "payload"]).orderBy("id").execute()
      )
        .slice(eventsBefore)
        .filter((e) => e.type === "finding.created")
        .map((e) => JSON.parse(e.payload) as { resourceId: string; vulnerabilityId: string })
        .filter((p) => p.vulnerabilityId === "NSWG-ECO-516")
        .map((p) => p.resourceId);
      assert.deepEqual(created.sort(), [ids.lodashA, ids.lodashB].sort(), "finding.created events emitted");
      assert.equal((await syncVulnDbChanges(ctx)).swapped, false, "the same database is not synced twice");
    });
  });
}
