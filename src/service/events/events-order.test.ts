/**
 * Readers of the outbox never pass an event that commits late: `GET /v1/events` pages in commit order
 * (`seq`), so an event whose id (made from its writer's earlier time) sorts before one already read is
 * still read next.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createAccount } from "../tenancy/accounts.js";
import { useServiceApp } from "../test-support/app.js";
import { dialects, testVulnDb } from "../test-support/fixtures.js";
import { appendEvents, type ServiceEvent } from "./events.js";

const vulnDbPath = await testVulnDb();

interface Page {
  items: { id: string; subjectId: string }[];
  nextCursor: string | null;
}

for (const { dialect, skip } of await dialects()) {
  describe(`event order (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });

    const account = async (name: string) => {
      const { account: a, key } = await createAccount(svc.ctx, name);
      return { id: a.id, key: key.key };
    };
    const event = (accountId: string, subjectId: string): ServiceEvent => ({
      accountId,
      type: "resource.created",
      subjectId,
      payload: {},
    });
    /** Every event after the cursor, page by page, as a client reads them. */
    const readAfter = async (key: string, after: string | undefined) => {
      const out: Page["items"] = [];
      let cursor = after;
      for (;;) {
        const q = cursor === undefined ? "" : `&after=${cursor}`;
        const res = await svc.call<Page>(key, "GET", `/v1/events?limit=2${q}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        out.push(...res.body.items);
        if (res.body.nextCursor === null) break;
        cursor = res.body.nextCursor;
      }
      return out;
    };

    test("an event stamped earlier but committed later is read after the ones already read", async () => {
      const a = await account("order-seq");
      const start = await readAfter(a.key, undefined);
      const db = svc.ctx.sdb.db;
      await db
        .transaction()
        .execute((trx) => appendEvents(trx, [event(a.id, "late")], "2026-11-20T12:00:00.000Z"));
      const first = await readAfter(a.key, start.at(-1)?.id);
      assert.deepEqual(
        first.map((e) => e.subjectId),
        ["late"],
      );
      await db
        .transaction()
        .execute((trx) => appendEvents(trx, [event(a.id, "early")], "2026-11-20T11:00:00.000Z"));
      const next = await readAfter(a.key, first.at(-1)?.id);
      assert.deepEqual(
        next.map((e) => e.subjectId),
        ["early"],
        "the late commit is read next",
      );
      assert.ok((next[0]?.id ?? "") < (first[0]?.id ?? ""), "its id sorts before the one read before it");
    });

    test("bad cursor: 400 naming the field", async () => {
      const a = await account("order-bad");
      const res = await svc.call<{ error: { code: string; message: string } }>(
        a.key,
        "GET",
        "/v1/events?after=evt_0000000000zzzz",
      );
      assert.equal(res.status, 400);
      assert.match(res.body.error.message, /^after: no event evt_0000000000zzzz/);
    });

    // PostgreSQL only: SQLite runs one write transaction at a time, so the interleaving cannot happen there.
    if (dialect === "postgres")
      test("two concurrent transactions: the one holding the earlier id commits last, and is not missed", async () => {
        const a = await account("order-concurrent");
        const start = await readAfter(a.key, undefined);
        const db = svc.ctx.sdb.db;
        let appended: () => void = () => undefined;
        const inFlight = new Promise<void>((ok) => {
          appended = ok;
        });
        let release: () => void = () => undefined;
        const gate = new Promise<void>((ok) => {
          release = ok;
        });
        // T1 appends first (earlier time, earlier id) and stays open; T2 appends and commits meanwhile.
        const t1 = db.transaction().execute(async (trx) => {
          await appendEvents(trx, [event(a.id, "t1")], "2026-11-20T11:00:00.000Z");
          appended();
          await gate;
        });
        await inFlight;
        await db
          .transaction()
          .execute((trx) => appendEvents(trx, [event(a.id, "t2")], "2026-11-20T12:00:00.000Z"));
        const first = await readAfter(a.key, start.at(-1)?.id);
        assert.deepEqual(
          first.map((e) => e.subjectId),
          ["t2"],
          "only the committed event is read",
        );
        release();
        await t1;
        const next = await readAfter(a.key, first.at(-1)?.id);
        assert.deepEqual(
          next.map((e) => e.subjectId),
          ["t1"],
          "T1's event is read after T2's",
        );
        assert.ok((next[0]?.id ?? "") < (first[0]?.id ?? ""));
      });
  });
}
