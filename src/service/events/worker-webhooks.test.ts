/**
 * `vigil worker` processes deliver webhooks (`startWorker`: job loops plus the dispatcher), and two of
 * them on one database send each delivery once.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createResource } from "../resources/resources.js";
import { closeContext, type DbServiceContext, openContext, startWorker } from "../runtime.js";
import { createAccount } from "../tenancy/accounts.js";
import { LOOPBACK_ALLOWED } from "../test-support/app.js";
import { createTestDatabase, dialects, type TestDatabase, testVulnDb } from "../test-support/fixtures.js";
import { createWebhook } from "./webhooks.js";

const vulnDb = await testVulnDb();
const SECRET = "a-worker-test-secret-long-enough";

for (const { dialect, skip } of await dialects()) {
  describe(`vigil worker delivers webhooks (${dialect})`, { skip }, () => {
    let tdb: TestDatabase;
    /** The server's context (creates the events) and two worker processes' contexts. */
    let server: DbServiceContext;
    const workers: DbServiceContext[] = [];
    let receiver: Server;
    let url: string;
    const received: { delivery: string; type: string; signed: boolean }[] = [];

    before(async () => {
      tdb = await createTestDatabase(dialect);
      // The receiver listens on loopback: the operator's allow-list opens it.
      server = await openContext({ database: tdb.location, vulnDb, outbound: LOOPBACK_ALLOWED });
      for (let i = 0; i < 2; i++)
        workers.push(await openContext({ database: tdb.location, vulnDb, outbound: LOOPBACK_ALLOWED }));
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          received.push({
            delivery: String(req.headers["x-vigil-delivery"]),
            type: String(req.headers["x-vigil-event"]),
            signed:
              req.headers["x-vigil-signature"] ===
              `sha256=${createHmac("sha256", SECRET).update(raw).digest("hex")}`,
          });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    });
    after(async () => {
      await new Promise((ok) => receiver.close(ok));
      for (const c of [server, ...workers]) await closeContext(c);
      await tdb.drop();
    });

    test("events made by a server are delivered by worker processes, each once", async () => {
      const { account } = await createAccount(server, "worker-hooks");
      const scope = { self: account.id, members: [] };
      await createWebhook(
        server.sdb.db,
        scope,
        { url, eventTypes: ["resource.created"], secret: SECRET },
        new Date().toISOString(),
      );
      const names = Array.from({ length: 12 }, (_, i) => `host-${i}`);
      for (const name of names) {
        await createResource(server, { accountId: account.id, type: "host", name, tags: {} });
      }
      const running = workers.map((ctx) => startWorker(ctx, { webhooks: { intervalMs: 20, batch: 3 } }));
      try {
        const pending = () =>
          server.sdb.db
            .selectFrom("webhook_deliveries")
            .select("id")
            .where("status", "<>", "delivered")
            .execute();
        for (let i = 0; i < 1000 && (await pending()).length > 0; i++) await sleep(20);
        assert.deepEqual(await pending(), [], "every delivery delivered");
      } finally {
        for (const w of running) await w.stop();
      }
      const deliveries = await server.sdb.db.selectFrom("webhook_deliveries").select("id").execute();
      assert.equal(deliveries.length, names.length);
      assert.deepEqual(
        received.map((r) => r.delivery).sort(),
        deliveries.map((d) => d.id).sort(),
        "each delivery POSTed exactly once",
      );
      assert.ok(received.every((r) => r.signed && r.type === "resource.created"));
    });
  });
}
