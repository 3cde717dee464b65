import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { submitInventory } from "../../client/client.js";
import type { Inventory } from "../../model/inventory.js";
import type { EvaluationSummary } from "../evaluation/evaluation.js";
import type { FindingView } from "../evaluation/findings.js";
import { eventsAfter } from "../events/events.js";
import { sweepCoverage } from "../resources/coverage-sweep.js";
import { encodeInventoryCycloneDx } from "../resources/inventory-codec.js";
import type { ResourceView } from "../resources/resources.js";
import { createWorker, type DbServiceContext } from "../runtime.js";
import { createAccount } from "../tenancy/accounts.js";
import type { AccountActivation, ActivationChange } from "../tenancy/activation.js";
import type { OrganizationView } from "../tenancy/organizations.js";
import { type Method, useServiceApp } from "../test-support/app.js";
import {
  dialects,
  expressLodashInventory,
  sixFindingInventory,
  testVulnDb,
} from "../test-support/fixtures.js";

const vulnDbPath = await testVulnDb();
const expressLodash = await expressLodashInventory();

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ApiErrorBody {
  error: { code: string; message: string; requestId?: string };
}
interface Account {
  id: string;
  key: string;
}

function withoutPackage(inv: Inventory, name: string): Inventory {
  return { ...inv, packages: inv.packages.filter((p) => p.name !== name) };
}

for (const { dialect, skip } of await dialects()) {
  describe(`service API (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });
    const { clock, call } = svc;
    let ctx: DbServiceContext;
    let app: FastifyInstance;

    before(() => {
      ctx = svc.ctx;
      app = svc.app;
      // A route that fails, to see what a client gets from a 500 (public: no key needed to reach it).
      app.get("/test/boom", { config: { auth: "public" } }, async () => {
        throw new Error("secret internals at /etc/vigil");
      });
    });

    async function account(name: string): Promise<Account> {
      const { account: a, key } = await createAccount(ctx, name);
      return { id: a.id, key: key.key };
    }

    async function submit(a: Account, name: string, inv: Inventory, type = "repository", accountId?: string) {
      const res = await call<EvaluationSummary>(a.key, "POST", "/v1/inventories", {
        resource: { type, name, ...(accountId === undefined ? {} : { accountId }) },
        inventory: inv,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    }

    async function findings(a: Account, query = ""): Promise<FindingView[]> {
      const res = await call<Page<FindingView>>(a.key, "GET", `/v1/findings?limit=500${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items;
    }

    test("healthz answers without a key and names the dialect", async () => {
      const res = await call<{ status: string; database: string }>(undefined, "GET", "/healthz");
      assert.deepEqual([res.status, res.body], [200, { status: "ok", database: dialect }]);
    });

    test("auth: the first key works; a missing, malformed, unknown or wrong-secret key is 401", async () => {
      const a = await account("auth");
      assert.equal((await call(a.key, "GET", "/v1/account")).status, 200);
      for (const key of [
        undefined,
        "nonsense",
        "vigil_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        `${a.key.slice(0, -1)}x`,
      ]) {
        const res = await call<ApiErrorBody>(key, "GET", "/v1/account");
        assert.equal(res.status, 401, `key ${key}`);
        assert.equal(res.body.error.code, "UNAUTHENTICATED");
      }
    });

    test("keys: create shows the key once, list never shows secrets, a revoked key is 401", async () => {
      const a = await account("keys");
      clock.advance();
      const created = await call<{ id: string; key: string }>(a.key, "POST", "/v1/keys", { name: "ci" });
      assert.equal(created.status, 201);
      assert.match(created.body.key, /^vigil_[a-z0-9]{16}_/);
      const list = await call<{ items: Record<string, unknown>[] }>(a.key, "GET", "/v1/keys");
      assert.deepEqual(
        list.body.items.map((k) => k.name),
        ["first key", "ci"],
      );
      assert.ok(list.body.items.every((k) => !("key" in k) && !("hash" in k)));
      assert.equal((await call(created.body.key, "GET", "/v1/account")).status, 200);
      const revoked = await call<{ revokedAt: string }>(a.key, "DELETE", `/v1/keys/${created.body.id}`);
      assert.equal(revoked.status, 200);
      assert.ok(revoked.body.revokedAt);
      assert.equal((await call(created.body.key, "GET", "/v1/account")).status, 401);
    });

    test("inventory submission: lodash 4.17.15 gives an ACTIVE NSWG-ECO-516 finding and fills the reverse index", async () => {
      const a = await account("inventory");
      const summary = await submit(a, "github.com/acme/shop", expressLodash);
      assert.equal(summary.created, 1);
      assert.deepEqual(summary.resource.coverage, { status: "SCANNING", reason: null, detail: null });
      const [f, ...rest] = await findings(a);
      assert.equal(rest.length, 0);
      assert.equal(f?.vulnerabilityId, "NSWG-ECO-516");
      assert.equal(f?.package?.name, "lodash");
      assert.equal(f?.status, "ACTIVE");
      assert.equal(f?.resourceId, summary.resource.id);
      const rows = await ctx.sdb.db
        .selectFrom("resource_packages")
        .selectAll()
        .where("resource_id", "=", summary.resource.id)
        .execute();
      assert.equal(rows.length, new Set(expressLodash.packages.map((p) => `${p.name}@${p.version}`)).size);
      assert.ok(rows.some((r) => r.ecosystem === "npm" && r.name === "lodash" && r.version === "4.17.15"));
      const stored = await call<{ bomFormat: string; specVersion: string }>(
        a.key,
        "GET",
        `/v1/resources/${summary.resource.id}/inventory`,
      );
      assert.deepEqual([stored.body.bomFormat, stored.body.specVersion], ["CycloneDX", "1.6"]);
    });

    test("inventory submission: a CycloneDX document gives the same findings as Vigil's inventory", async () => {
      const a = await account("cyclonedx");
      const r = await call<ResourceView>(a.key, "POST", "/v1/resources", {
        type: "image",
        name: "registry.local/shop@sha256:1",
      });
      assert.equal(r.status, 201);
      assert.equal(r.body.coverage.reason, "PENDING_INITIAL_SCAN");
      const res = await call<EvaluationSummary>(
        a.key,
        "PUT",
        `/v1/resources/${r.body.id}/inventory`,
        encodeInventoryCycloneDx(sixFindingInventory()),
        { "content-type": "application/vnd.cyclonedx+json" },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.created, 6);
    });

    test("lifecycle: gone -> CLOSED with closedAt; back -> ACTIVE again with firstObservedAt kept", async () => {
      const a = await account("lifecycle");
      clock.advance();
      await submit(a, "svc", expressLodash);
      const [first] = await findings(a);
      assert.ok(first);
      clock.advance();
      await submit(a, "svc", expressLodash);
      const [refreshed] = await findings(a);
      assert.equal(refreshed?.firstObservedAt, first.firstObservedAt);
      assert.ok(
        (refreshed?.lastObservedAt ?? "") > first.lastObservedAt,
        "still present: lastObservedAt moves",
      );
      clock.advance();
      const closing = await submit(a, "svc", withoutPackage(expressLodash, "lodash"));
      assert.equal(closing.closed, 1);
      assert.deepEqual(await findings(a), []);
      const [closed] = await findings(a, "&status=CLOSED");
      assert.equal(closed?.id, first.id);
      assert.equal(closed?.statusReason, "RESOLVED");
      assert.equal(closed?.closedAt, clock.now().toISOString());
      clock.advance();
      const back = await submit(a, "svc", expressLodash);
      assert.equal(back.reopened, 1);
      const [reopened] = await findings(a);
      assert.equal(reopened?.id, first.id);
      assert.equal(reopened?.status, "ACTIVE");
      assert.equal(reopened?.closedAt, null);
      assert.equal(reopened?.firstObservedAt, first.firstObservedAt);
      const types = (await eventsAfter(ctx.sdb.db, "", 10_000))
        .filter((e) => e.subject_id === first.id && e.account_id === a.id)
        .map((e) => e.type);
      assert.deepEqual(types, ["finding.created", "finding.closed", "finding.reopened"]);
    });

    test("lifecycle: concurrent submissions for one resource leave findings that match the stored inventory", async () => {
      const a = await account("concurrent");
      const first = await submit(a, "busy", expressLodash);
      const id = first.resource.id;
      const bodies = [
        withoutPackage(expressLodash, "lodash"),
        expressLodash,
        withoutPackage(expressLodash, "lodash"),
        expressLodash,
      ];
      const results = await Promise.all(
        bodies.map((b) => call<EvaluationSummary>(a.key, "PUT", `/v1/resources/${id}/inventory`, b)),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        [200, 200, 200, 200],
      );
      const stored = await call<{ components: { name: string }[] }>(
        a.key,
        "GET",
        `/v1/resources/${id}/inventory`,
      );
      const hasLodash = stored.body.components.some((c) => c.name === "lodash");
      const all = await findings(a, "&status=ACTIVE,CLOSED");
      assert.equal(all.length, 1);
      assert.equal(all[0]?.status, hasLodash ? "ACTIVE" : "CLOSED");
    });

    test("inventories: concurrent first submissions of one new resource create it once", async () => {
      const a = await account("race");
      const body = { resource: { type: "host", name: "new-host" }, inventory: expressLodash };
      const results = await Promise.all(
        [1, 2, 3].map(() => call<EvaluationSummary>(a.key, "POST", "/v1/inventories", body)),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        [200, 200, 200],
      );
      assert.equal(new Set(results.map((r) => r.body.resource.id)).size, 1);
      const list = await call<Page<ResourceView>>(a.key, "GET", "/v1/resources");
      assert.equal(list.body.items.length, 1);
    });

    test("activation: disable closes the type's findings and sets SCAN_TYPE_DISABLED; enable re-matches them", async () => {
      const a = await account("activation");
      const s = await submit(a, "repo", expressLodash);
      const off = await call<ActivationChange>(a.key, "POST", "/v1/activation/disable", {
        scanTypes: ["repository"],
      });
      assert.equal(off.status, 200);
      assert.equal(off.body.closedFindings, 1);
      assert.equal(off.body.accounts[0]?.scanTypes.repository, "DISABLED");
      const [closed] = await findings(a, "&status=CLOSED");
      assert.equal(closed?.statusReason, "SCAN_TYPE_DISABLED");
      const res = await call<ResourceView>(a.key, "GET", `/v1/resources/${s.resource.id}`);
      assert.deepEqual(res.body.coverage.status, "NOT_SCANNING");
      assert.deepEqual(res.body.coverage.reason, "SCAN_TYPE_DISABLED");
      // A submission while disabled stores the inventory but produces no findings.
      const quiet = await submit(a, "repo", expressLodash);
      assert.deepEqual([quiet.evaluated, quiet.open], [false, 0]);
      const on = await call<ActivationChange>(a.key, "POST", "/v1/activation/enable", { scanTypes: "ALL" });
      assert.ok(on.body.reevaluationJobId);
      await createWorker(ctx).drain();
      const [reopened] = await findings(a);
      assert.equal(reopened?.id, closed?.id);
      assert.equal(
        (await call<ResourceView>(a.key, "GET", `/v1/resources/${s.resource.id}`)).body.coverage.status,
        "SCANNING",
      );
      const act = await call<{ items: AccountActivation[] }>(a.key, "GET", "/v1/activation");
      assert.equal(act.body.items[0]?.scanTypes.repository, "ENABLED");
    });

    test("coverage: exclusion tag closes findings (EXCLUDED_BY_TAG); counts by type and reason", async () => {
      const a = await account("coverage");
      const s = await submit(a, "host-1", expressLodash, "host");
      await call(a.key, "POST", "/v1/resources", { type: "image", name: "img@sha256:2" });
      await call(a.key, "POST", "/v1/resources", {
        type: "image",
        name: "img@sha256:old",
        pushedAt: "2020-01-01T00:00:00Z",
      });
      const tagged = await call<EvaluationSummary>(a.key, "PUT", `/v1/resources/${s.resource.id}/tags`, {
        tags: { "vigil:exclude": "" },
      });
      assert.equal(tagged.body.resource.coverage.reason, "EXCLUDED_BY_TAG");
      assert.equal(tagged.body.closed, 1);
      const cov = await call<{
        total: number;
        byReason: Record<string, { total: number; byType: Record<string, number> }>;
      }>(a.key, "GET", "/v1/coverage");
      assert.equal(cov.body.total, 3);
      assert.deepEqual(cov.body.byReason, {
        EXCLUDED_BY_TAG: { total: 1, byType: { host: 1 } },
        PENDING_INITIAL_SCAN: { total: 1, byType: { image: 1 } },
        SCAN_ELIGIBILITY_EXPIRED: { total: 1, byType: { image: 1 } },
      });
      const untagged = await call<EvaluationSummary>(a.key, "PUT", `/v1/resources/${s.resource.id}/tags`, {
        tags: {},
      });
      assert.deepEqual([untagged.body.resource.coverage.status, untagged.body.reopened], ["SCANNING", 1]);
    });

    test("coverage sweep: a host silent past the stale limit becomes STALE_INVENTORY, an old image SCAN_ELIGIBILITY_EXPIRED", async () => {
      const a = await account("sweep");
      const host = await submit(a, "quiet-host", expressLodash, "host");
      const image = await call<ResourceView>(a.key, "POST", "/v1/resources", {
        type: "image",
        name: "img@sha256:aging",
        pushedAt: clock.now().toISOString(),
      });
      await call(a.key, "PUT", `/v1/resources/${image.body.id}/inventory`, expressLodash);
      assert.equal(await sweepCoverage(ctx), null, "nothing due yet");
      clock.advance(95 * 86_400_000);
      assert.ok(await sweepCoverage(ctx));
      await createWorker(ctx).drain();
      const h = await call<ResourceView>(a.key, "GET", `/v1/resources/${host.resource.id}`);
      assert.equal(h.body.coverage.reason, "STALE_INVENTORY");
      const i = await call<ResourceView>(a.key, "GET", `/v1/resources/${image.body.id}`);
      assert.equal(i.body.coverage.reason, "SCAN_ELIGIBILITY_EXPIRED");
      const open = await findings(a);
      assert.deepEqual(
        open.map((f) => f.resourceId),
        [host.resource.id],
        "a stale host keeps its findings; an expired image's close",
      );
      assert.equal(await sweepCoverage(ctx), null, "swept resources are not queued again");
    });

    test("client: submitInventory posts to a listening server and reports its errors", async () => {
      const a = await account("client");
      const url = await app.listen({ host: "127.0.0.1", port: 0 });
      const summary = await submitInventory(
        url,
        a.key,
        { type: "repository", name: "via-client" },
        expressLodash,
      );
      assert.deepEqual([summary.created, summary.resource.name], [1, "via-client"]);
      await assert.rejects(
        submitInventory(
          url,
          "vigil_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
          { type: "host", name: "h" },
          expressLodash,
        ),
        /refused the inventory \(401\): invalid or revoked API key/,
      );
    });

    test("findings: filters narrow the list", async () => {
      const a = await account("filters");
      await submit(a, "front", sixFindingInventory());
      await submit(a, "back", expressLodash, "host");
      assert.equal((await findings(a)).length, 7);
      assert.deepEqual(
        (await findings(a, "&severity=HIGH")).map((f) => f.package?.name),
        ["jquery", "jquery"],
      );
      assert.equal((await findings(a, "&packageName=lodash"))[0]?.vulnerabilityId, "NSWG-ECO-516");
      assert.equal((await findings(a, "&vulnerabilityId=CVE-2014-6393"))[0]?.package?.name, "express");
      assert.equal((await findings(a, "&resourceType=host")).length, 1);
      assert.deepEqual(
        (await findings(a, "&minRisk=6&maxRisk=7")).map((f) => f.risk.score),
        [6.5, 6.3],
      );
      assert.equal((await findings(a, "&severity=HIGH,MEDIUM&resourceType=repository")).length, 6);
      assert.equal((await findings(a, "&type=END_OF_LIFE")).length, 0);
      const fixable = await findings(a, "&fixAvailable=YES");
      assert.ok(fixable.length > 0 && fixable.every((f) => f.fixAvailable === "YES"));
      const bad = await call<ApiErrorBody>(a.key, "GET", "/v1/findings?severity=SEVERE");
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, "VALIDATION_ERROR");
      assert.match(bad.body.error.message, /^query\.severity/);
    });

    test("findings: cursor pages visit every finding once, in risk order with a stable tie order", async () => {
      const a = await account("pages");
      await submit(a, "one", sixFindingInventory());
      await submit(a, "two", sixFindingInventory());
      const all = await findings(a, "&sortBy=risk");
      assert.equal(all.length, 12);
      const seen: FindingView[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = `/v1/findings?sortBy=risk&limit=5${cursor === null ? "" : `&cursor=${cursor}`}`;
        const res: { status: number; body: Page<FindingView> } = await call<Page<FindingView>>(
          a.key,
          "GET",
          q,
        );
        assert.equal(res.status, 200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor !== null);
      assert.equal(pages, 3);
      assert.deepEqual(
        seen.map((f) => `${f.resourceId}/${f.id}`),
        all.map((f) => `${f.resourceId}/${f.id}`),
      );
      for (let i = 1; i < seen.length; i++)
        assert.ok((seen[i - 1]?.risk.score ?? 0) >= (seen[i]?.risk.score ?? 0));
      const asc = await findings(a, "&sortBy=firstObservedAt&order=asc");
      assert.equal(asc.length, 12);
      const first = await call<Page<FindingView>>(a.key, "GET", "/v1/findings?sortBy=risk&limit=2");
      const wrongSort = await call<ApiErrorBody>(
        a.key,
        "GET",
        `/v1/findings?sortBy=severity&cursor=${first.body.nextCursor}`,
      );
      assert.deepEqual([wrongSort.status, wrongSort.body.error.code], [400, "BAD_REQUEST"]);
      const garbage = await call<ApiErrorBody>(a.key, "GET", "/v1/findings?cursor=bm9wZQ");
      assert.equal(garbage.status, 400);
    });

    test("resources: cursor pages list every resource once in creation order", async () => {
      const a = await account("resource-pages");
      const ids: string[] = [];
      for (const name of ["r1", "r2", "r3"]) {
        ids.push((await call<ResourceView>(a.key, "POST", "/v1/resources", { type: "host", name })).body.id);
      }
      const dup = await call<ApiErrorBody>(a.key, "POST", "/v1/resources", { type: "host", name: "r1" });
      assert.deepEqual([dup.status, dup.body.error.code], [409, "CONFLICT"]);
      const p1 = await call<Page<ResourceView>>(a.key, "GET", "/v1/resources?limit=2");
      assert.ok(p1.body.nextCursor);
      const p2 = await call<Page<ResourceView>>(
        a.key,
        "GET",
        `/v1/resources?limit=2&cursor=${p1.body.nextCursor}`,
      );
      assert.equal(p2.body.nextCursor, null);
      assert.deepEqual(
        [...p1.body.items, ...p2.body.items].map((r) => r.id),
        ids,
      );
      assert.equal((await call(a.key, "DELETE", `/v1/resources/${ids[0]}`)).status, 204);
      assert.equal((await call(a.key, "GET", `/v1/resources/${ids[0]}`)).status, 404);
    });

    test("findings: one by id, and aggregations by severity, package, resource, vulnerability, account", async () => {
      const a = await account("aggregations");
      const s = await submit(a, "front", sixFindingInventory());
      await submit(a, "back", expressLodash);
      const [top] = await findings(a);
      assert.ok(top);
      const one = await call<FindingView>(a.key, "GET", `/v1/findings/${top.id}`);
      assert.deepEqual([one.status, one.body.id, one.body.resourceId], [200, top.id, top.resourceId]);
      type Agg = {
        groups: {
          key: string;
          total: number;
          counts: Record<string, number>;
          label?: Record<string, string>;
        }[];
      };
      const bySeverity = await call<Agg>(a.key, "GET", "/v1/findings/aggregations?by=severity");
      assert.deepEqual(
        bySeverity.body.groups.map((g) => [g.key, g.total]),
        [
          ["HIGH", 2],
          ["MEDIUM", 5],
        ],
      );
      const byPackage = await call<Agg>(a.key, "GET", "/v1/findings/aggregations?by=package");
      assert.deepEqual(byPackage.body.groups[0], {
        key: "npm/jquery",
        label: { ecosystem: "npm", name: "jquery" },
        total: 2,
        counts: { CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0, UNTRIAGED: 0 },
      });
      const byResource = await call<Agg>(a.key, "GET", "/v1/findings/aggregations?by=resource");
      assert.deepEqual(byResource.body.groups[0]?.label, { type: "repository", name: "front" });
      assert.equal(byResource.body.groups[0]?.key, s.resource.id);
      const byVuln = await call<Agg>(a.key, "GET", "/v1/findings/aggregations?by=vulnerability&limit=2");
      assert.equal(byVuln.body.groups.length, 2);
      const byAccount = await call<Agg>(a.key, "GET", "/v1/findings/aggregations?by=account");
      assert.deepEqual(
        byAccount.body.groups.map((g) => [g.key, g.total]),
        [[a.id, 7]],
      );
    });

    test("organization: the DA sees and configures members; a member and the management account see only themselves", async () => {
      const mgmt = await account("mgmt");
      const da = await account("da");
      const m1 = await account("member-1");
      const m2 = await account("member-2");
      const org = await call<OrganizationView>(mgmt.key, "POST", "/v1/organization", { name: "acme" });
      assert.equal(org.status, 201);
      assert.deepEqual(org.body.roles, ["MANAGEMENT"]);
      const appointed = await call<OrganizationView>(mgmt.key, "PUT", "/v1/organization/delegated-admin", {
        accountId: da.id,
      });
      assert.equal(appointed.body.delegatedAdminAccountId, da.id);
      for (const m of [m1, m2]) {
        assert.equal(
          (await call(da.key, "POST", "/v1/organization/members", { accountId: m.id })).status,
          201,
        );
      }
      await submit(m1, "m1-repo", expressLodash);
      // The DA submits for a member: the resource is the member's.
      const forMember = await submit(da, "m1-image", expressLodash, "image", m1.id);
      assert.equal(forMember.resource.accountId, m1.id);
      assert.equal((await call(m2.key, "GET", `/v1/resources/${forMember.resource.id}`)).status, 404);
      await submit(m2, "m2-repo", sixFindingInventory());
      await submit(mgmt, "mgmt-repo", expressLodash);
      const daView = await findings(da);
      assert.deepEqual(new Set(daView.map((f) => f.accountId)), new Set([m1.id, m2.id]));
      assert.equal((await findings(da, `&accountId=${m1.id}`)).length, 2);
      assert.deepEqual(new Set((await findings(m1)).map((f) => f.accountId)), new Set([m1.id]));
      assert.deepEqual(new Set((await findings(mgmt)).map((f) => f.accountId)), new Set([mgmt.id]));
      // The DA configures a member's scanning.
      const off = await call<ActivationChange>(da.key, "POST", "/v1/activation/disable", {
        scanTypes: ["repository"],
        accountIds: [m1.id],
      });
      assert.deepEqual([off.status, off.body.closedFindings], [200, 1], "only the repository finding closes");
      // A member cannot do what the DA does.
      assert.equal(
        (await call(m1.key, "POST", "/v1/organization/members", { accountId: m2.id })).status,
        403,
      );
      assert.equal(
        (await call(m1.key, "PUT", "/v1/organization/delegated-admin", { accountId: m1.id })).status,
        403,
      );
      assert.equal((await call(m1.key, "GET", "/v1/organization/members")).status, 403);
      assert.equal(
        (await call(m1.key, "POST", "/v1/activation/disable", { scanTypes: "ALL", accountIds: [m2.id] }))
          .status,
        404,
      );
      // Replacing the DA moves the view; disassociating a member hides it.
      const members = await call<{ items: { accountId: string }[] }>(
        mgmt.key,
        "GET",
        "/v1/organization/members",
      );
      assert.deepEqual(new Set(members.body.items.map((m) => m.accountId)), new Set([da.id, m1.id, m2.id]));
      await call(mgmt.key, "PUT", "/v1/organization/delegated-admin", { accountId: m2.id });
      assert.deepEqual(new Set((await findings(da)).map((f) => f.accountId)), new Set());
      assert.equal((await findings(m2, `&accountId=${da.id}`)).length, 0);
      assert.equal((await call(m2.key, "DELETE", `/v1/organization/members/${da.id}`)).status, 204);
      assert.equal((await call<ApiErrorBody>(m2.key, "GET", `/v1/findings?accountId=${da.id}`)).status, 404);
      assert.equal((await call(m2.key, "DELETE", `/v1/organization/members/${m2.id}`)).status, 409);
      const mine = await call<OrganizationView>(m1.key, "GET", "/v1/organization");
      assert.deepEqual(mine.body.roles, ["MEMBER"]);
    });

    describe("cross-account refusal: another account gets 404, and nothing changes", () => {
      let owner: Account;
      let other: Account;
      let resourceId: string;
      let findingId: string;
      let ownerKeyId: string;
      before(async () => {
        owner = await account("owner");
        other = await account("other");
        const s = await submit(owner, "owned", expressLodash);
        resourceId = s.resource.id;
        findingId = (await findings(owner))[0]?.id ?? "";
        ownerKeyId = owner.key.split("_")[1] ?? "";
        await call(owner.key, "POST", "/v1/organization", { name: "owner-org" });
      });
      const cases: { name: string; method: Method; url: () => string; body?: () => unknown }[] = [
        { name: "GET /v1/resources/:id", method: "GET", url: () => `/v1/resources/${resourceId}` },
        {
          name: "PUT /v1/resources/:id/tags",
          method: "PUT",
          url: () => `/v1/resources/${resourceId}/tags`,
          body: () => ({ tags: { "vigil:exclude": "" } }),
        },
        { name: "DELETE /v1/resources/:id", method: "DELETE", url: () => `/v1/resources/${resourceId}` },
        {
          name: "PUT /v1/resources/:id/inventory",
          method: "PUT",
          url: () => `/v1/resources/${resourceId}/inventory`,
          body: () => withoutPackage(expressLodash, "lodash"),
        },
        {
          name: "GET /v1/resources/:id/inventory",
          method: "GET",
          url: () => `/v1/resources/${resourceId}/inventory`,
        },
        {
          name: "POST /v1/resources (accountId)",
          method: "POST",
          url: () => "/v1/resources",
          body: () => ({ type: "host", name: "x", accountId: owner.id }),
        },
        {
          name: "GET /v1/resources?accountId",
          method: "GET",
          url: () => `/v1/resources?accountId=${owner.id}`,
        },
        {
          name: "POST /v1/inventories (accountId)",
          method: "POST",
          url: () => "/v1/inventories",
          body: () => ({
            resource: { type: "repository", name: "owned", accountId: owner.id },
            inventory: withoutPackage(expressLodash, "lodash"),
          }),
        },
        { name: "GET /v1/findings/:id", method: "GET", url: () => `/v1/findings/${findingId}` },
        {
          name: "GET /v1/findings?accountId",
          method: "GET",
          url: () => `/v1/findings?accountId=${owner.id}`,
        },
        {
          name: "GET /v1/findings/aggregations?accountId",
          method: "GET",
          url: () => `/v1/findings/aggregations?by=severity&accountId=${owner.id}`,
        },
        {
          name: "GET /v1/coverage?accountId",
          method: "GET",
          url: () => `/v1/coverage?accountId=${owner.id}`,
        },
        {
          name: "GET /v1/activation?accountIds",
          method: "GET",
          url: () => `/v1/activation?accountIds=${owner.id}`,
        },
        {
          name: "POST /v1/activation/disable (accountIds)",
          method: "POST",
          url: () => "/v1/activation/disable",
          body: () => ({ scanTypes: "ALL", accountIds: [owner.id] }),
        },
        {
          name: "POST /v1/activation/enable (accountIds)",
          method: "POST",
          url: () => "/v1/activation/enable",
          body: () => ({ scanTypes: "ALL", accountIds: [owner.id] }),
        },
        { name: "DELETE /v1/keys/:id", method: "DELETE", url: () => `/v1/keys/${ownerKeyId}` },
        { name: "GET /v1/organization", method: "GET", url: () => "/v1/organization" },
        {
          name: "PUT /v1/organization/delegated-admin",
          method: "PUT",
          url: () => "/v1/organization/delegated-admin",
          body: () => ({ accountId: other.id }),
        },
        { name: "GET /v1/organization/members", method: "GET", url: () => "/v1/organization/members" },
        {
          name: "POST /v1/organization/members",
          method: "POST",
          url: () => "/v1/organization/members",
          body: () => ({ accountId: owner.id }),
        },
        {
          name: "DELETE /v1/organization/members/:accountId",
          method: "DELETE",
          url: () => `/v1/organization/members/${owner.id}`,
        },
      ];
      for (const c of cases) {
        test(c.name, async () => {
          const res = await call<ApiErrorBody>(other.key, c.method, c.url(), c.body?.());
          assert.equal(res.status, 404, JSON.stringify(res.body));
          assert.equal(res.body.error.code, "NOT_FOUND");
          // The owner's state is untouched.
          const still = await findings(owner);
          assert.deepEqual(
            still.map((f) => f.id),
            [findingId],
          );
          assert.equal((await call(owner.key, "GET", "/v1/account")).status, 200);
          const org = await call<OrganizationView>(owner.key, "GET", "/v1/organization");
          assert.equal(org.body.delegatedAdminAccountId, null);
        });
      }
      test("listings without filters show only the caller's own objects", async () => {
        assert.deepEqual(await findings(other), []);
        const res = await call<Page<ResourceView>>(other.key, "GET", "/v1/resources");
        assert.deepEqual(res.body.items, []);
        const keys = await call<{ items: { id: string }[] }>(other.key, "GET", "/v1/keys");
        assert.ok(!keys.body.items.some((k) => k.id === ownerKeyId));
        const cov = await call<{ total: number }>(other.key, "GET", "/v1/coverage");
        assert.equal(cov.body.total, 0);
        const agg = await call<{ groups: unknown[] }>(
          other.key,
          "GET",
          "/v1/findings/aggregations?by=account",
        );
        assert.deepEqual(agg.body.groups, []);
        const me = await call<{ account: { id: string } }>(other.key, "GET", "/v1/account");
        assert.equal(me.body.account.id, other.id);
      });
    });

    test("errors: bad JSON, wrong field, unknown route, oversized body and a 500 all answer {error: {code, message}}", async () => {
      const a = await account("errors");
      const badJson = await call<ApiErrorBody>(a.key, "POST", "/v1/resources", "{nope");
      assert.deepEqual([badJson.status, badJson.body.error.code], [400, "INVALID_JSON"]);
      const badField = await call<ApiErrorBody>(a.key, "POST", "/v1/resources", { type: "vm", name: "x" });
      assert.deepEqual([badField.status, badField.body.error.code], [400, "VALIDATION_ERROR"]);
      assert.match(badField.body.error.message, /^body\.type: /);
      const badInventory = await call<ApiErrorBody>(a.key, "POST", "/v1/inventories", {
        resource: { type: "host", name: "h" },
        inventory: { target: { kind: "host", ref: "h" }, packages: [{ name: "x" }], createdAt: "now" },
      });
      assert.deepEqual([badInventory.status, badInventory.body.error.code], [400, "INVALID_INPUT"]);
      assert.match(badInventory.body.error.message, /body\.inventory: .*packages\.0\.version/);
      const noRoute = await call<ApiErrorBody>(a.key, "GET", "/v1/nothing");
      assert.deepEqual([noRoute.status, noRoute.body.error.code], [404, "NOT_FOUND"]);
      const big = await call<ApiErrorBody>(a.key, "POST", "/v1/keys", { name: "x".repeat(2 * 1024 * 1024) });
      assert.deepEqual([big.status, big.body.error.code], [413, "PAYLOAD_TOO_LARGE"]);
      const boom = await call<ApiErrorBody>(undefined, "GET", "/test/boom");
      assert.equal(boom.status, 500);
      assert.deepEqual(Object.keys(boom.body.error).sort(), ["code", "message", "requestId"]);
      assert.equal(boom.body.error.message, "internal error");
      assert.doesNotMatch(JSON.stringify(boom.body), /secret|\/etc\/vigil|at /);
    });

    test("openapi.json: an OpenAPI 3.1 document with every route, its parameters and schemas", async () => {
      const res = await call<{
        openapi: string;
        paths: Record<
          string,
          Record<string, { parameters: { name: string; in: string }[]; security: unknown[] }>
        >;
        components: { schemas: Record<string, unknown> };
      }>(undefined, "GET", "/openapi.json");
      assert.equal(res.body.openapi, "3.1.0");
      assert.ok(res.body.paths["/v1/resources/{id}/inventory"]?.put);
      const list = res.body.paths["/v1/findings"]?.get;
      assert.ok(list?.parameters.some((p) => p.name === "cursor" && p.in === "query"));
      assert.deepEqual(res.body.paths["/healthz"]?.get?.security, []);
      for (const name of ["Error", "Finding", "Resource", "Organization"])
        assert.ok(res.body.components.schemas[name], name);
      const refs = JSON.stringify(res.body).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
      for (const ref of refs)
        assert.ok(res.body.components.schemas[ref.split("/").at(-1) ?? ""], `dangling ${ref}`);
    });
  });
}
