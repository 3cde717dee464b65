import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { dialects, sixFindingInventory, testVulnDb } from "../../test-support/fixtures.js";

const vulnDbPath = await testVulnDb();

interface TrendBody {
  days: { date: string; open: number; new: number; closed: number }[];
}

for (const { dialect, skip } of await dialects()) {
  describe(`GET /v1/findings/trends (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });

    test("daily open/new/closed counts from first observation and closure", async () => {
      const { key } = await createAccount(svc.ctx, "trends");
      const submit = async (packages: string[]) => {
        const inv = sixFindingInventory();
        inv.packages = inv.packages.filter((p) => packages.includes(p.name));
        const res = await svc.call(key.key, "POST", "/v1/inventories", {
          resource: { type: "repository", name: "github.com/acme/frontend" },
          inventory: inv,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      };
      // Day 1 (2026-11-20): six findings; day 2: jquery's two close; day 3: nothing changes.
      await submit(["express", "marked", "handlebars", "moment", "jquery"]);
      svc.clock.advance(86_400_000);
      await submit(["express", "marked", "handlebars", "moment"]);
      svc.clock.advance(86_400_000);
      const res = await svc.call<TrendBody>(key.key, "GET", "/v1/findings/trends?days=4");
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.days, [
        { date: "2026-11-19", open: 0, new: 0, closed: 0 },
        { date: "2026-11-20", open: 6, new: 6, closed: 0 },
        { date: "2026-11-21", open: 4, new: 0, closed: 2 },
        { date: "2026-11-22", open: 4, new: 0, closed: 0 },
      ]);
      // Findings from before the window count as open on its first day.
      const short = await svc.call<TrendBody>(key.key, "GET", "/v1/findings/trends?days=1");
      assert.deepEqual(short.body.days, [{ date: "2026-11-22", open: 4, new: 0, closed: 0 }]);
      const high = await svc.call<TrendBody>(key.key, "GET", "/v1/findings/trends?days=1&severity=CRITICAL");
      assert.ok(high.body.days[0]!.open < 4, "the severity filter applies");
    });

    test("an account outside the caller's scope is a 404; a bad days value names the field", async () => {
      const { key } = await createAccount(svc.ctx, "trends-other");
      const { account: stranger } = await createAccount(svc.ctx, "stranger");
      const res = await svc.call(key.key, "GET", `/v1/findings/trends?accountId=${stranger.id}`);
      assert.equal(res.status, 404);
      const bad = await svc.call<{ error: { message: string } }>(
        key.key,
        "GET",
        "/v1/findings/trends?days=0",
      );
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /days/);
    });
  });
}
