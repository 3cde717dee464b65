import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AuditEntry } from "../../delivery/audit.js";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { dialects, testVulnDb } from "../../test-support/fixtures.js";

const vulnDbPath = await testVulnDb();

interface Account {
  id: string;
  key: string;
  keyId: string;
}
type Page = { items: AuditEntry[]; nextCursor: string | null };

for (const { dialect, skip } of await dialects()) {
  describe(`audit log (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath, advanceMs: 1000 });
    const call = svc.call;

    async function account(name: string): Promise<Account> {
      const { account: a, key } = await createAccount(svc.ctx, name);
      return { id: a.id, key: key.key, keyId: key.id };
    }

    async function audit(a: Account, query = ""): Promise<AuditEntry[]> {
      const res = await call<Page>(a.key, "GET", `/v1/audit?limit=500${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items;
    }

    test("mutating calls are recorded with account, key, method, route, target, status and address; reads are not", async () => {
      const a = await account("audit-a");
      const created = await call<{ id: string }>(a.key, "POST", "/v1/resources", {
        type: "repository",
        name: "github.com/acme/audited",
      });
      assert.equal(created.status, 201);
      await call(a.key, "GET", `/v1/resources/${created.body.id}`);
      await call(a.key, "PUT", `/v1/resources/${created.body.id}/tags`, { tags: { env: "prod" } });
      await call(a.key, "DELETE", `/v1/resources/${created.body.id}`);
      const missing = await call(a.key, "DELETE", `/v1/resources/${created.body.id}`);
      assert.equal(missing.status, 404);
      const entries = await audit(a);
      assert.deepEqual(
        entries.map((e) => [e.method, e.route, e.targetId, e.statusCode]),
        [
          ["DELETE", "/v1/resources/:id", created.body.id, 404],
          ["DELETE", "/v1/resources/:id", created.body.id, 204],
          ["PUT", "/v1/resources/:id/tags", created.body.id, 200],
          ["POST", "/v1/resources", null, 201],
        ],
      );
      for (const e of entries) {
        assert.deepEqual([e.accountId, e.apiKeyId, e.sourceAddress], [a.id, a.keyId, "127.0.0.1"]);
        assert.match(e.requestId, /^[0-9a-f-]{36}$/);
      }
    });

    test("request bodies and keys never reach the audit log", async () => {
      const a = await account("audit-secrets");
      const created = await call<{ key: string }>(a.key, "POST", "/v1/keys", { name: "ci-key-name" });
      assert.equal(created.status, 201);
      await call(a.key, "POST", "/v1/suppression-rules", {
        name: "rule-name-canary",
        reason: "reason-canary",
        filters: { packageName: "package-canary" },
      });
      const rows = await svc.ctx.sdb.db
        .selectFrom("audit_log")
        .selectAll()
        .where("account_id", "=", a.id)
        .execute();
      assert.equal(rows.length, 2);
      const dump = JSON.stringify(rows);
      for (const secret of [
        a.key,
        created.body.key,
        "ci-key-name",
        "canary",
        a.key.slice("vigil_".length + 17),
      ]) {
        assert.ok(!dump.includes(secret), `audit log holds ${secret}`);
      }
    });

    test("an unauthenticated call is recorded without an account and is visible to nobody", async () => {
      const a = await account("audit-unauth");
      const before = await svc.ctx.sdb.db
        .selectFrom("audit_log")
        .select("id")
        .where("account_id", "is", null)
        .execute();
      const res = await call(undefined, "POST", "/v1/resources", { type: "repository", name: "x" });
      assert.equal(res.status, 401);
      const afterRows = await svc.ctx.sdb.db
        .selectFrom("audit_log")
        .selectAll()
        .where("account_id", "is", null)
        .execute();
      assert.equal(afterRows.length, before.length + 1);
      assert.equal(afterRows.at(-1)?.status_code, 401);
      assert.deepEqual(await audit(a), []);
    });

    test("filters and cursor pagination walk the log newest first without gaps or repeats", async () => {
      const a = await account("audit-pages");
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await call<{ id: string }>(a.key, "POST", "/v1/resources", { type: "host", name: `h${i}` });
        ids.push(r.body.id);
      }
      await call(a.key, "DELETE", `/v1/resources/${ids[0]}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor === null ? "" : `&cursor=${cursor}`;
        const page: { status: number; body: Page } = await call<Page>(a.key, "GET", `/v1/audit?limit=2${q}`);
        assert.equal(page.status, 200);
        assert.ok(page.body.items.length <= 2);
        seen.push(...page.body.items.map((e) => e.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      assert.equal(seen.length, 6);
      assert.deepEqual(seen, [...seen].sort().reverse());
      assert.deepEqual(
        (await audit(a, "&method=DELETE")).map((e) => e.targetId),
        [ids[0]],
      );
      assert.equal((await audit(a, "&route=/v1/resources")).length, 5);
      assert.equal((await audit(a, `&targetId=${ids[0]}`)).length, 1);
      const all = await audit(a);
      const third = all[3];
      assert.ok(third !== undefined);
      assert.equal((await audit(a, `&since=${encodeURIComponent(third.at)}`)).length, 4);
      assert.equal((await audit(a, `&until=${encodeURIComponent(third.at)}`)).length, 2);
      assert.equal((await call(a.key, "GET", "/v1/audit?cursor=nonsense")).status, 400);
    });

    test("an account sees only its own entries; a delegated administrator also its members'", async () => {
      const mgmt = await account("audit-mgmt");
      const da = await account("audit-da");
      const m = await account("audit-member");
      const other = await account("audit-other");
      await call(mgmt.key, "POST", "/v1/organization", { name: "audit-org" });
      await call(mgmt.key, "PUT", "/v1/organization/delegated-admin", { accountId: da.id });
      await call(da.key, "POST", "/v1/organization/members", { accountId: m.id });
      await call(m.key, "POST", "/v1/resources", { type: "host", name: "member-host" });
      await call(other.key, "POST", "/v1/resources", { type: "host", name: "other-host" });
      const daView = await audit(da);
      assert.deepEqual(new Set(daView.map((e) => e.accountId)), new Set([da.id, m.id]));
      assert.deepEqual(
        (await audit(da, `&accountId=${m.id}`)).map((e) => e.route),
        ["/v1/resources"],
      );
      assert.deepEqual(
        (await audit(m)).map((e) => e.accountId),
        [m.id],
      );
      assert.equal((await call(m.key, "GET", `/v1/audit?accountId=${da.id}`)).status, 404);
      assert.equal((await call(other.key, "GET", `/v1/audit?accountId=${m.id}`)).status, 404);
      assert.ok((await audit(other)).every((e) => e.accountId === other.id));
    });
  });
}
