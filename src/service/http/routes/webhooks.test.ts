import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { type Webhook, WebhookDispatcher } from "../../events/webhooks.js";
import { startServer } from "../../runtime.js";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { createTestDatabase, dialects, testVulnDb } from "../../test-support/fixtures.js";

const vulnDbPath = await testVulnDb();

interface Account {
  id: string;
  key: string;
}

/** What the receiver got: one entry per request, with whether its signature checked out. */
interface Received {
  headers: IncomingHttpHeaders;
  body: { id: string; type: string; accountId: string; subjectId: string };
  signatureOk: boolean;
  answered: number;
}

/** A real HTTP receiver on 127.0.0.1 that checks signatures and answers with the statuses it is told. */
class Receiver {
  readonly received: Received[] = [];
  /** Statuses to answer, in order; then 200. */
  statuses: number[] = [];
  secret = "";
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const expected = `sha256=${createHmac("sha256", this.secret).update(raw).digest("hex")}`;
        const answered = this.statuses.shift() ?? 200;
        this.received.push({
          headers: req.headers,
          body: JSON.parse(raw) as Received["body"],
          signatureOk: req.headers["x-vigil-signature"] === expected,
          answered,
        });
        res.writeHead(answered).end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((ok) => this.#server.listen(0, "127.0.0.1", ok));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  close(): Promise<void> {
    return new Promise((ok) => this.#server.close(() => ok()));
  }
}

for (const { dialect, skip } of await dialects()) {
  describe(`webhooks (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });
    const call = svc.call;
    const receiver = new Receiver();
    let url: string;
    before(async () => {
      url = await receiver.listen();
    });
    after(() => receiver.close());

    async function account(name: string): Promise<Account> {
      const { account: a, key } = await createAccount(svc.ctx, name);
      return { id: a.id, key: key.key };
    }

    async function hook(a: Account, body: Record<string, unknown>) {
      const res = await call<{ webhook: Webhook; secret: string }>(a.key, "POST", "/v1/webhooks", {
        url,
        ...body,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    async function deliveries(webhookId: string) {
      return svc.ctx.sdb.db
        .selectFrom("webhook_deliveries")
        .selectAll()
        .where("webhook_id", "=", webhookId)
        .orderBy("id")
        .execute();
    }

    test("an event is POSTed signed; a 500 is retried after the backoff and the retry gets it", async () => {
      const a = await account("hook-retry");
      const { webhook, secret } = await hook(a, {
        eventTypes: ["resource.created"],
        secret: "a-test-secret-of-enough-length",
      });
      assert.equal(secret, "a-test-secret-of-enough-length");
      receiver.secret = secret;
      receiver.received.length = 0;
      receiver.statuses = [500];
      const res = await call<{ id: string }>(a.key, "POST", "/v1/resources", { type: "host", name: "web-1" });
      await call(a.key, "POST", "/v1/suppression-rules", {
        name: "n",
        reason: "r",
        filters: { packageName: "x" },
      });
      const dispatcher = new WebhookDispatcher(svc.ctx, { baseDelayMs: 30_000 });
      assert.equal(await dispatcher.tick(), 1);
      const [failed] = await deliveries(webhook.id);
      assert.deepEqual(
        [failed?.status, failed?.attempts, failed?.last_error, failed?.last_status_code],
        ["pending", 1, "HTTP 500", 500],
      );
      assert.equal(failed?.next_attempt_at, new Date(svc.clock.now().getTime() + 30_000).toISOString());
      assert.equal(await dispatcher.tick(), 0, "not retried before its backoff");
      svc.clock.advance(30_000);
      assert.equal(await dispatcher.tick(), 1);
      const [done] = await deliveries(webhook.id);
      assert.deepEqual([done?.status, done?.attempts], ["delivered", 2]);
      assert.equal(receiver.received.length, 2);
      for (const r of receiver.received) {
        assert.ok(r.signatureOk, "signature verifies with the secret");
        assert.equal(r.headers["x-vigil-event"], "resource.created");
        assert.equal(r.headers["x-vigil-delivery"], done?.id);
        assert.equal(r.headers["content-type"], "application/json");
        assert.deepEqual(
          [r.body.type, r.body.accountId, r.body.subjectId],
          ["resource.created", a.id, res.body.id],
        );
      }
      assert.deepEqual(
        receiver.received.map((r) => r.answered),
        [500, 200],
      );
      const listed = await call<{ items: { status: string; attempts: number }[] }>(
        a.key,
        "GET",
        `/v1/webhooks/${webhook.id}/deliveries`,
      );
      assert.deepEqual(
        listed.body.items.map((d) => [d.status, d.attempts]),
        [["delivered", 2]],
      );
    });

    test("a delivery pending when the service stops (one attempt failed) goes out after a restart", async () => {
      const a = await account("hook-restart");
      const { webhook, secret } = await hook(a, {});
      receiver.secret = secret;
      receiver.received.length = 0;
      receiver.statuses = [503];
      await call(a.key, "POST", "/v1/resources", { type: "host", name: "db-1" });
      assert.equal(await new WebhookDispatcher(svc.ctx, { baseDelayMs: 5000 }).tick(), 1);
      assert.deepEqual(
        (await deliveries(webhook.id)).map((d) => [d.status, d.attempts]),
        [["pending", 1]],
      );
      await svc.restart();
      svc.clock.advance(5000);
      assert.equal(await new WebhookDispatcher(svc.ctx).tick(), 1);
      assert.deepEqual(
        (await deliveries(webhook.id)).map((d) => [d.status, d.attempts]),
        [["delivered", 2]],
      );
      assert.deepEqual(
        receiver.received.map((r) => [r.answered, r.signatureOk, r.body.type]),
        [
          [503, true, "resource.created"],
          [200, true, "resource.created"],
        ],
      );
      assert.equal(
        receiver.received[0]?.headers["x-vigil-delivery"],
        receiver.received[1]?.headers["x-vigil-delivery"],
      );
    });

    test("a delivery that keeps failing is marked failed after its last attempt", async () => {
      const a = await account("hook-give-up");
      const { webhook, secret } = await hook(a, {});
      receiver.secret = secret;
      receiver.statuses = [500, 500, 500];
      await call(a.key, "POST", "/v1/resources", { type: "host", name: "gone-1" });
      const dispatcher = new WebhookDispatcher(svc.ctx, { baseDelayMs: 1000, maxAttempts: 3 });
      for (let i = 0; i < 3; i++) {
        assert.equal(await dispatcher.tick(), 1);
        svc.clock.advance(10_000);
      }
      assert.equal(await dispatcher.tick(), 0);
      assert.deepEqual(
        (await deliveries(webhook.id)).map((d) => [d.status, d.attempts, d.last_error]),
        [["failed", 3, "HTTP 500"]],
      );
    });

    test("vigil server delivers webhooks by itself, from its own loop", async () => {
      const sdb = await createTestDatabase(dialect);
      const server = await startServer({
        database: sdb.location,
        vulnDb: vulnDbPath,
        host: "127.0.0.1",
        port: 0,
        logLevel: "silent",
      });
      try {
        const { account: a, key } = await createAccount(server.ctx, "hook-server");
        const post = (path: string, body: unknown) =>
          fetch(`${server.url}${path}`, {
            method: "POST",
            headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
            body: JSON.stringify(body),
          });
        const created = (await (
          await post("/v1/webhooks", { url, eventTypes: ["resource.created"] })
        ).json()) as {
          secret: string;
        };
        receiver.secret = created.secret;
        receiver.received.length = 0;
        receiver.statuses = [];
        assert.equal((await post("/v1/resources", { type: "host", name: "served" })).status, 201);
        const deadline = Date.now() + 10_000;
        while (receiver.received.length === 0 && Date.now() < deadline) {
          await new Promise((ok) => setTimeout(ok, 100));
        }
        assert.equal(receiver.received.length, 1);
        assert.ok(receiver.received[0]?.signatureOk);
        assert.equal(receiver.received[0]?.body.accountId, a.id);
      } finally {
        await server.close();
        await sdb.drop();
      }
    });

    test("a generated secret is shown once; the webhook never shows it again", async () => {
      const a = await account("hook-secret");
      const { webhook, secret } = await hook(a, {});
      assert.match(secret, /^whsec_[A-Za-z0-9_-]{32}$/);
      const one = await call<Record<string, unknown>>(a.key, "GET", `/v1/webhooks/${webhook.id}`);
      const list = await call<{ items: Record<string, unknown>[] }>(a.key, "GET", "/v1/webhooks");
      assert.ok(!JSON.stringify([one.body, list.body]).includes(secret));
      assert.deepEqual(
        list.body.items.map((w) => w.id),
        [webhook.id],
      );
      assert.equal((await call(a.key, "POST", "/v1/webhooks", { url: "ftp://x/y" })).status, 400);
      assert.equal((await call(a.key, "POST", "/v1/webhooks", { url, secret: "short" })).status, 400);
    });

    test("webhooks get only the events of accounts their owner sees: its own, and a delegated administrator's members'", async () => {
      const mgmt = await account("hook-mgmt");
      const da = await account("hook-da");
      const m = await account("hook-member");
      const other = await account("hook-other");
      await call(mgmt.key, "POST", "/v1/organization", { name: "hook-org" });
      await call(mgmt.key, "PUT", "/v1/organization/delegated-admin", { accountId: da.id });
      await call(da.key, "POST", "/v1/organization/members", { accountId: m.id });
      const daHook = await hook(da, { eventTypes: ["resource.created"] });
      const mHook = await hook(m, { eventTypes: ["resource.created"] });
      await call(m.key, "POST", "/v1/resources", { type: "host", name: "member-host" });
      await call(other.key, "POST", "/v1/resources", { type: "host", name: "other-host" });
      await call(da.key, "POST", "/v1/resources", { type: "host", name: "da-host" });
      const daGets = (await deliveries(daHook.webhook.id)).map((d) => JSON.parse(d.body).accountId);
      const mGets = (await deliveries(mHook.webhook.id)).map((d) => JSON.parse(d.body).accountId);
      assert.deepEqual(daGets.sort(), [m.id, da.id].sort());
      assert.deepEqual(mGets, [m.id]);
    });

    test("cross-account: another account cannot see, list or delete a webhook, nor create one for an account it does not administer", async () => {
      const a = await account("hook-owner");
      const b = await account("hook-intruder");
      const { webhook } = await hook(a, {});
      assert.equal((await call(b.key, "GET", `/v1/webhooks/${webhook.id}`)).status, 404);
      assert.equal((await call(b.key, "GET", `/v1/webhooks/${webhook.id}/deliveries`)).status, 404);
      assert.equal((await call(b.key, "DELETE", `/v1/webhooks/${webhook.id}`)).status, 404);
      assert.equal((await call(b.key, "GET", `/v1/webhooks?accountId=${a.id}`)).status, 404);
      assert.equal((await call(b.key, "POST", "/v1/webhooks", { url, accountId: a.id })).status, 404);
      assert.deepEqual((await call<{ items: Webhook[] }>(b.key, "GET", "/v1/webhooks")).body.items, []);
      assert.equal((await call(a.key, "DELETE", `/v1/webhooks/${webhook.id}`)).status, 204);
      assert.equal((await call(a.key, "GET", `/v1/webhooks/${webhook.id}`)).status, 404);
    });
  });
}
