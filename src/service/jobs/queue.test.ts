import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openServiceDb, type ServiceDb } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { createTestDatabase, dialects, type TestDatabase } from "../test-support/fixtures.js";
import { DbJobQueue } from "./queue.js";
import { JobWorker } from "./worker.js";

for (const { dialect, skip } of await dialects()) {
  describe(`job queue (${dialect})`, { skip }, () => {
    let tdb: TestDatabase;
    let sdb: ServiceDb;
    let queue: DbJobQueue;

    before(async () => {
      tdb = await createTestDatabase(dialect);
      sdb = openServiceDb(tdb.location);
      await migrateToLatest(sdb.db);
      queue = new DbJobQueue(sdb.db, sdb.dialect);
    });
    after(async () => {
      await sdb.close();
      await tdb.drop();
    });

    async function clear() {
      await sdb.db.deleteFrom("jobs").execute();
    }

    test("a job runs once with its payload and ends done", async () => {
      await clear();
      const seen: string[][] = [];
      const worker = new JobWorker(queue, { reevaluate: async (p) => void seen.push(p.resourceIds) });
      const id = await queue.enqueue("reevaluate", { resourceIds: ["res_a", "res_b"] });
      assert.equal(await worker.drain(), 1);
      assert.deepEqual(seen, [["res_a", "res_b"]]);
      assert.equal((await queue.get(id))?.status, "done");
      assert.equal(await worker.drain(), 0);
    });

    test("a failing job goes back to the queue with a backoff, then fails for good after maxAttempts", async () => {
      await clear();
      const worker = new JobWorker(queue, {
        reevaluate: async () => {
          throw new Error("vulnerability database missing");
        },
      });
      const id = await queue.enqueue("reevaluate", { resourceIds: [] }, { maxAttempts: 2 });
      assert.equal(await worker.drain(), 1);
      let row = await queue.get(id);
      assert.deepEqual(
        [row?.status, row?.attempts, row?.last_error],
        ["queued", 1, "vulnerability database missing"],
      );
      assert.ok((row?.run_after ?? "") > new Date().toISOString(), "not due again at once");
      assert.equal(await worker.drain(), 0, "the backoff holds it");
      await sdb.db
        .updateTable("jobs")
        .set({ run_after: new Date(0).toISOString() })
        .where("id", "=", id)
        .execute();
      assert.equal(await worker.drain(), 1);
      row = await queue.get(id);
      assert.deepEqual([row?.status, row?.attempts], ["failed", 2]);
    });

    test("a job whose worker died is claimed again once its lease expires", async () => {
      await clear();
      const id = await queue.enqueue("reevaluate", { resourceIds: [] });
      const claimed = await queue.claim("dead-worker", 60_000);
      assert.equal(claimed?.id, id);
      assert.equal(await queue.claim("other", 60_000), undefined, "leased");
      const later = new Date(Date.now() + 120_000);
      const again = await queue.claim("other", 60_000, later);
      assert.deepEqual([again?.id, again?.locked_by, again?.attempts], [id, "other", 2]);
    });

    test("concurrent claimers never get the same job", async () => {
      await clear();
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) ids.add(await queue.enqueue("reevaluate", { resourceIds: [String(i)] }));
      const claimers = Array.from({ length: 5 }, (_, w) =>
        (async () => {
          const got: string[] = [];
          for (;;) {
            const job = await queue.claim(`w${w}`, 60_000);
            if (job === undefined) return got;
            got.push(job.id);
          }
        })(),
      );
      const all = (await Promise.all(claimers)).flat();
      assert.equal(all.length, 20);
      assert.deepEqual(new Set(all), ids);
    });

    test("a started worker is woken by an enqueue in its process and stops after its job", async () => {
      await clear();
      let ran = 0;
      const worker = new JobWorker(queue, { reevaluate: async () => void ran++ }, { pollMs: 60_000 });
      worker.start();
      await queue.enqueue("reevaluate", { resourceIds: [] });
      // Bounded wait (the worker's own poll is 60 s, so only the wake-up can make it run in time).
      for (let i = 0; i < 500 && ran === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await worker.stop();
      assert.equal(ran, 1);
    });
  });
}
