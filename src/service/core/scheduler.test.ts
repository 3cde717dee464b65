import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type DatabaseLocation, openServiceDb, type ServiceDb } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { DbJobQueue } from "../jobs/queue.js";
import { closeContext, createWorker, openContext } from "../runtime.js";
import {
  createTestDatabase,
  dialects,
  FEEDS,
  TestClock,
  type TestDatabase,
} from "../test-support/fixtures.js";
import { getSchedule, registerPeriodic, removePeriodic, Scheduler } from "./scheduler.js";

const HOUR = 3_600_000;

/** What the scheduler needs of a process: its own database pool, queue and clock. */
interface Proc {
  sdb: ServiceDb;
  queue: DbJobQueue;
  now: () => Date;
}

async function openProc(location: DatabaseLocation, now: () => Date): Promise<Proc> {
  const sdb = openServiceDb(location);
  await migrateToLatest(sdb.db);
  return { sdb, queue: new DbJobQueue(sdb.db, sdb.dialect), now };
}

for (const { dialect, skip } of await dialects()) {
  describe(`scheduler (${dialect})`, { skip }, () => {
    const clock = new TestClock();
    let tdb: TestDatabase;
    /** Two processes: on PostgreSQL two pools (as two `vigil worker`s); SQLite has one process, one context. */
    let a: Proc;
    let b: Proc;
    before(async () => {
      tdb = await createTestDatabase(dialect);
      a = await openProc(tdb.location, clock.now);
      b = dialect === "postgres" ? await openProc(tdb.location, clock.now) : a;
    });
    after(async () => {
      if (b !== a) await b.sdb.close();
      await a.sdb.close();
      await tdb.drop();
    });

    const jobsOf = async (type: string) =>
      (await a.sdb.db.selectFrom("jobs").select(["id", "payload"]).where("type", "=", type).execute()).length;

    test("two schedulers racing enqueue each due run exactly once", async () => {
      await registerPeriodic(a, { name: "race", everyMs: HOUR, jobType: "coverage-sweep", payload: {} });
      const s1 = new Scheduler(a);
      const s2 = new Scheduler(b);
      const rounds = 12;
      for (let i = 0; i < rounds; i++) {
        // Several concurrent ticks from each side on the same due row.
        const fired = (await Promise.all([s1.tick(), s2.tick(), s1.tick(), s2.tick()])).flat();
        assert.deepEqual(
          fired.filter((n) => n === "race"),
          ["race"],
          `round ${i}: exactly one tick wins`,
        );
        // Nothing more is due until the next hour.
        assert.deepEqual((await Promise.all([s1.tick(), s2.tick()])).flat(), []);
        clock.advance(HOUR);
      }
      assert.equal(await jobsOf("coverage-sweep"), rounds);
    });

    test("runs missed while nothing ticked fire once, and the schedule stays in phase", async () => {
      await registerPeriodic(a, { name: "missed", everyMs: HOUR, jobType: "vuln-db-update", payload: {} });
      const s = new Scheduler(a);
      const start = (await getSchedule(a, "missed"))?.nextRunAt as string;
      assert.ok((await s.tick()).includes("missed"), "a new schedule runs at once");
      clock.advance(5 * HOUR + 60_000);
      const fired = await s.tick();
      assert.ok(fired.includes("missed"));
      assert.equal(fired.filter((n) => n === "missed").length, 1, "five missed runs are not replayed");
      const next = (await getSchedule(a, "missed"))?.nextRunAt as string;
      assert.equal(Date.parse(next) - Date.parse(start), 6 * HOUR, "next run is the first slot after now");
      assert.equal(await jobsOf("vuln-db-update"), 2);
      assert.ok(await removePeriodic(a, "missed"));
    });

    test("a schedule survives a restart: registering again keeps its next run; a new cadence applies", async () => {
      await registerPeriodic(a, {
        name: "daily",
        everyMs: 24 * HOUR,
        jobType: "vuln-db-update",
        payload: { mirror: "http://mirror.example/" },
      });
      const before = await new Scheduler(a).tick();
      assert.ok(before.includes("daily"), "a new schedule runs at once");
      const next = (await getSchedule(a, "daily"))?.nextRunAt;

      // Restart: a new context on the same database, the server registering its schedules again.
      if (dialect === "sqlite") await a.sdb.close();
      const restarted = await openProc(tdb.location, clock.now);
      if (dialect === "sqlite") a = b = restarted;
      try {
        const again = await registerPeriodic(restarted, {
          name: "daily",
          everyMs: 24 * HOUR,
          jobType: "vuln-db-update",
          payload: { mirror: "http://mirror.example/" },
        });
        assert.equal(again.nextRunAt, next, "re-registering does not reset the next run");
        const s = new Scheduler(restarted);
        assert.ok(!(await s.tick()).includes("daily"), "not due again after the restart");
        clock.advance(24 * HOUR);
        assert.ok((await s.tick()).includes("daily"), "due a day later");
        assert.equal(await jobsOf("vuln-db-update"), 2 + 2);

        // A shorter cadence: the next run is the last run plus the new cadence.
        const changed = await registerPeriodic(restarted, {
          name: "daily",
          everyMs: 6 * HOUR,
          jobType: "vuln-db-update",
          payload: { mirror: "http://mirror.example/" },
        });
        assert.equal(changed.everyMs, 6 * HOUR);
        assert.equal(Date.parse(changed.nextRunAt), clock.now().getTime() + 6 * HOUR);
        const job = await restarted.sdb.db
          .selectFrom("jobs")
          .select("payload")
          .where("type", "=", "vuln-db-update")
          .orderBy("created_at", "desc")
          .executeTakeFirstOrThrow();
        assert.deepEqual(JSON.parse(job.payload), { mirror: "http://mirror.example/" });
      } finally {
        if (dialect === "postgres") await restarted.sdb.close();
      }
    });

    test("start() ticks in the background and stop() waits for it", async () => {
      await registerPeriodic(a, { name: "bg", everyMs: HOUR, jobType: "coverage-sweep", payload: {} });
      const before = await jobsOf("coverage-sweep");
      const s = new Scheduler(a, { tickMs: 20 });
      s.start();
      for (let i = 0; i < 200 && (await jobsOf("coverage-sweep")) === before; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await s.stop();
      assert.ok((await jobsOf("coverage-sweep")) > before, "the background tick enqueued the due job");
    });

    test("the scheduled database update runs `db update` as a job on the worker's vulnerability database", async () => {
      const dir = mkdtempSync(join(tmpdir(), "vigil-sched-vulndb-"));
      const ctx = await openContext({ database: tdb.location, vulnDb: join(dir, "vuln.db"), now: clock.now });
      try {
        // Only this test's work: earlier tests left schedules and jobs (one with an unreachable mirror).
        await ctx.sdb.db.deleteFrom("schedules").execute();
        await ctx.sdb.db.deleteFrom("jobs").execute();
        await registerPeriodic(ctx, {
          name: "vuln-db-update",
          everyMs: 6 * HOUR,
          jobType: "vuln-db-update",
          payload: { mirror: FEEDS, feeds: ["cisa-kev", "endoflife"] },
        });
        assert.ok((await new Scheduler(ctx).tick()).includes("vuln-db-update"));
        assert.equal(await createWorker(ctx).drain(), 1);
        const job = await ctx.sdb.db
          .selectFrom("jobs")
          .selectAll()
          .where("type", "=", "vuln-db-update")
          .where("payload", "like", "%cisa-kev%")
          .executeTakeFirstOrThrow();
        assert.equal(job.status, "done", job.last_error ?? "");
        assert.ok(existsSync(join(dir, "vuln.db")), "the database was built from the mirror");
        assert.ok(ctx.vulnDb.current(), "and it opens");
      } finally {
        await closeContext(ctx);
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("a cadence under a second is refused", async () => {
      await assert.rejects(
        registerPeriodic(a, { name: "x", everyMs: 10, jobType: "coverage-sweep", payload: {} }),
        /below one second/,
      );
    });
  });
}
