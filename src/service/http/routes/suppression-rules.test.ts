import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Inventory } from "../../../model/inventory.js";
import type { FindingView } from "../../evaluation/findings.js";
import type { SuppressionRule } from "../../evaluation/suppression.js";
import { eventsAfter } from "../../events/events.js";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { dialects, sixFindingInventory, testVulnDb } from "../../test-support/fixtures.js";

const vulnDbPath = await testVulnDb();

interface Account {
  id: string;
  key: string;
}

for (const { dialect, skip } of await dialects()) {
  describe(`suppression rules (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath, advanceMs: 1000 });
    const call = svc.call;

    async function account(name: string): Promise<Account> {
      const { account: a, key } = await createAccount(svc.ctx, name);
      return { id: a.id, key: key.key };
    }

    async function submit(a: Account, name: string, inv: Inventory, tags: Record<string, string> = {}) {
      const res = await call<{ resource: { id: string } }>(a.key, "POST", "/v1/inventories", {
        resource: { type: "repository", name, tags },
        inventory: inv,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.resource.id;
    }

    async function findings(a: Account, query: string): Promise<FindingView[]> {
      const res = await call<{ items: FindingView[] }>(a.key, "GET", `/v1/findings?limit=500${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items;
    }

    async function createRule(a: Account, body: Record<string, unknown>) {
      const res = await call<{ rule: SuppressionRule; suppressed: number }>(
        a.key,
        "POST",
        "/v1/suppression-rules",
        { name: "rule", reason: "accepted risk", ...body },
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    const pkgOf = (f: FindingView) => f.package?.name;

    test("creating a rule suppresses the matching ACTIVE findings at once, with the rule id as reason", async () => {
      const a = await account("suppress-create");
      await submit(a, "frontend", sixFindingInventory());
      const before = await findings(a, "");
      const jquery = before.filter((f) => pkgOf(f) === "jquery");
      assert.equal(jquery.length, 2);
      const { rule, suppressed } = await createRule(a, { filters: { packageName: "jquery" } });
      assert.equal(suppressed, 2);
      const active = await findings(a, "");
      assert.equal(active.length, before.length - 2);
      assert.ok(active.every((f) => pkgOf(f) !== "jquery"));
      const sup = await findings(a, "&status=SUPPRESSED");
      assert.deepEqual(
        sup.map((f) => [pkgOf(f), f.statusReason]),
        [
          ["jquery", rule.id],
          ["jquery", rule.id],
        ],
      );
    });

    test("new and reopened findings matching a rule start SUPPRESSED", async () => {
      const a = await account("suppress-new");
      const { rule } = await createRule(a, {
        filters: { packageName: "moment", severity: ["MEDIUM", "HIGH"] },
      });
      const inv = sixFindingInventory();
      await submit(a, "new-repo", inv);
      const sup = await findings(a, "&status=SUPPRESSED");
      assert.deepEqual(
        sup.map((f) => [pkgOf(f), f.statusReason]),
        [["moment", rule.id]],
      );
      // moment goes away (CLOSED), then comes back: reopened, and suppressed again.
      await submit(a, "new-repo", { ...inv, packages: inv.packages.filter((p) => p.name !== "moment") });
      assert.equal((await findings(a, "&status=SUPPRESSED")).length, 0);
      assert.equal((await findings(a, "&status=CLOSED")).length, 1);
      await submit(a, "new-repo", inv);
      const again = await findings(a, "&status=SUPPRESSED,CLOSED");
      assert.deepEqual(
        again.map((f) => [pkgOf(f), f.status, f.statusReason]),
        [["moment", "SUPPRESSED", rule.id]],
      );
    });

    test("the resourceTag, fixAvailable and risk filters select findings by their resource and score", async () => {
      const a = await account("suppress-tags");
      await submit(a, "dev-repo", sixFindingInventory(), { env: "dev" });
      await submit(a, "prod-repo", sixFindingInventory(), { env: "prod" });
      const all = await findings(a, "");
      const maxRisk = Math.max(...all.map((f) => f.risk.score));
      const { suppressed } = await createRule(a, {
        filters: { resourceTag: "env=dev", minRisk: 0, maxRisk: maxRisk - 0.01 },
      });
      const expected = all.filter((f) => f.risk.score < maxRisk).length / 2;
      assert.ok(expected > 0);
      assert.equal(suppressed, expected);
      const sup = await findings(a, "&status=SUPPRESSED");
      const devId = sup[0]?.resourceId;
      assert.ok(sup.every((f) => f.resourceId === devId && f.risk.score < maxRisk));
      const noFix = await createRule(a, { filters: { fixAvailable: ["NO"], resourceTag: "env=prod" } });
      const prodNoFix = all.filter((f) => f.fixAvailable === "NO" && f.resourceId !== devId).length;
      assert.equal(noFix.suppressed, prodNoFix);
    });

    test("deleting a rule reactivates its findings unless another rule covers them, which becomes the reason", async () => {
      const a = await account("suppress-delete");
      await submit(a, "frontend", sixFindingInventory());
      const first = await createRule(a, { filters: { packageName: "jquery" } });
      const second = await createRule(a, {
        filters: { packageName: "jquery", severity: ["HIGH", "CRITICAL"] },
      });
      assert.equal(second.suppressed, 0, "already suppressed findings are not counted again");
      const jquery = await findings(a, "&status=SUPPRESSED");
      const high = jquery.filter((f) => f.severity === "HIGH" || f.severity === "CRITICAL");
      const del = await call<{ reactivated: number }>(
        a.key,
        "DELETE",
        `/v1/suppression-rules/${first.rule.id}`,
      );
      assert.equal(del.status, 200);
      assert.equal(del.body.reactivated, jquery.length - high.length);
      const still = await findings(a, "&status=SUPPRESSED");
      assert.deepEqual(
        still.map((f) => f.statusReason),
        high.map(() => second.rule.id),
      );
      assert.equal((await call(a.key, "GET", `/v1/suppression-rules/${first.rule.id}`)).status, 404);
      await call(a.key, "DELETE", `/v1/suppression-rules/${second.rule.id}`);
      assert.equal((await findings(a, "&status=SUPPRESSED")).length, 0);
      assert.equal((await findings(a, "")).length, 6);
    });

    test("rules emit suppression_rule.created/deleted and finding.updated events", async () => {
      const a = await account("suppress-events");
      await submit(a, "frontend", sixFindingInventory());
      const mark = (await eventsAfter(svc.ctx.sdb.db, "", 100_000)).at(-1)?.id ?? "";
      const { rule } = await createRule(a, { filters: { vulnerabilityId: "NSWG-ECO-0000-none" } });
      const { rule: r2 } = await createRule(a, { filters: { packageName: "marked" } });
      await call(a.key, "DELETE", `/v1/suppression-rules/${r2.id}`);
      const events = (await eventsAfter(svc.ctx.sdb.db, mark, 1000)).filter((e) => e.account_id === a.id);
      assert.deepEqual(
        events.map((e) => [
          e.type,
          e.type.startsWith("suppression") ? e.subject_id : JSON.parse(e.payload).status,
        ]),
        [
          ["suppression_rule.created", rule.id],
          ["suppression_rule.created", r2.id],
          ["finding.updated", "SUPPRESSED"],
          ["suppression_rule.deleted", r2.id],
          ["finding.updated", "ACTIVE"],
        ],
      );
    });

    test("a rule needs a reason and a filter; unknown filters are refused", async () => {
      const a = await account("suppress-validation");
      const post = (body: unknown) =>
        call<{ error: { code: string; message: string } }>(a.key, "POST", "/v1/suppression-rules", body);
      const noReason = await post({ name: "x", filters: { packageName: "jquery" } });
      assert.equal(noReason.status, 400);
      assert.match(noReason.body.error.message, /reason/);
      const noFilter = await post({ name: "x", reason: "r", filters: {} });
      assert.equal(noFilter.status, 400);
      assert.match(noFilter.body.error.message, /filter/);
      assert.equal((await post({ name: "x", reason: "r", filters: { colour: "red" } })).status, 400);
      assert.equal((await post({ name: "x", reason: "r", filters: { resourceTag: "novalue" } })).status, 400);
    });

    test("cross-account: another account cannot see, delete or create rules for an account it does not administer", async () => {
      const a = await account("suppress-owner");
      const b = await account("suppress-other");
      await submit(a, "frontend", sixFindingInventory());
      const { rule } = await createRule(a, { filters: { packageName: "jquery" } });
      assert.equal((await call(b.key, "GET", `/v1/suppression-rules/${rule.id}`)).status, 404);
      assert.equal((await call(b.key, "DELETE", `/v1/suppression-rules/${rule.id}`)).status, 404);
      const list = await call<{ items: SuppressionRule[] }>(b.key, "GET", "/v1/suppression-rules");
      assert.deepEqual(list.body.items, []);
      assert.equal((await call(b.key, "GET", `/v1/suppression-rules?accountId=${a.id}`)).status, 404);
      const forA = await call(b.key, "POST", "/v1/suppression-rules", {
        name: "x",
        reason: "r",
        accountId: a.id,
        filters: { packageName: "moment" },
      });
      assert.equal(forA.status, 404);
      assert.equal((await findings(a, "&status=SUPPRESSED")).length, 2, "a's findings untouched");
      const own = await call<{ items: SuppressionRule[] }>(a.key, "GET", "/v1/suppression-rules");
      assert.deepEqual(
        own.body.items.map((r) => r.id),
        [rule.id],
      );
    });

    test("a delegated administrator creates a rule for a member; it applies to the member's findings", async () => {
      const mgmt = await account("sup-mgmt");
      const da = await account("sup-da");
      const m = await account("sup-member");
      assert.equal((await call(mgmt.key, "POST", "/v1/organization", { name: "sup-org" })).status, 201);
      await call(mgmt.key, "PUT", "/v1/organization/delegated-admin", { accountId: da.id });
      assert.equal((await call(da.key, "POST", "/v1/organization/members", { accountId: m.id })).status, 201);
      await submit(m, "member-repo", sixFindingInventory());
      const { rule, suppressed } = await createRule(da, {
        accountId: m.id,
        filters: { packageName: "jquery" },
      });
      assert.deepEqual([rule.accountId, suppressed], [m.id, 2]);
      assert.equal((await call(m.key, "GET", `/v1/suppression-rules/${rule.id}`)).status, 200);
      // The member cannot create rules for the DA.
      const up = await call(m.key, "POST", "/v1/suppression-rules", {
        name: "x",
        reason: "r",
        accountId: da.id,
        filters: { packageName: "jquery" },
      });
      assert.equal(up.status, 404);
    });
  });
}
