import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { dialects, testVulnDb } from "../../test-support/fixtures.js";

const vulnDb = await testVulnDb();

interface Item {
  id: string;
  kind: string;
  format: string;
  accountId: string;
  downloadPath: string | null;
}
interface ListBody {
  items: Item[];
  nextCursor: string | null;
}

for (const { dialect, skip } of await dialects()) {
  describe(`GET /v1/reports, /v1/sbom-exports, /v1/exports (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb });
    const call = svc.call;
    const account = async (name: string) => {
      const { account: a, key } = await createAccount(svc.ctx, name);
      return { id: a.id, key: key.key };
    };
    const report = async (key: string, format: string, body: Record<string, unknown> = {}) => {
      const res = await call<Item>(key, "POST", "/v1/reports", { format, ...body });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      svc.clock.advance(1000);
      return res.body;
    };
    const sbom = async (key: string, body: Record<string, unknown> = {}) => {
      const res = await call<Item>(key, "POST", "/v1/sbom-exports", { format: "cyclonedx", ...body });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      svc.clock.advance(1000);
      return res.body;
    };
    const list = async (key: string, path: string) => {
      const res = await call<ListBody>(key, "GET", path);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };

    test("newest first, a page at a time; both kinds together or one", async () => {
      const a = await account("lists-a");
      const r1 = await report(a.key, "csv");
      const s1 = await sbom(a.key);
      const r2 = await report(a.key, "json");
      const r3 = await report(a.key, "csv");
      const all = await list(a.key, "/v1/reports");
      assert.deepEqual(
        all.items.map((i) => i.id),
        [r3.id, r2.id, r1.id],
      );
      assert.equal(all.nextCursor, null);
      assert.ok(all.items.every((i) => i.kind === "findings-report" && i.accountId === a.id));
      const first = await list(a.key, "/v1/reports?limit=2");
      assert.deepEqual(
        first.items.map((i) => i.id),
        [r3.id, r2.id],
      );
      assert.ok(first.nextCursor);
      const second = await list(a.key, `/v1/reports?limit=2&cursor=${first.nextCursor}`);
      assert.deepEqual(
        second.items.map((i) => i.id),
        [r1.id],
      );
      assert.equal(second.nextCursor, null);
      assert.deepEqual(
        (await list(a.key, "/v1/sbom-exports")).items.map((i) => i.id),
        [s1.id],
      );
      assert.deepEqual(
        (await list(a.key, "/v1/exports")).items.map((i) => i.id),
        [r3.id, r2.id, s1.id, r1.id],
      );
      assert.deepEqual(
        (await list(a.key, "/v1/exports?kind=sbom-export")).items.map((i) => i.id),
        [s1.id],
      );
      const bad = await call<{ error: { message: string } }>(a.key, "GET", "/v1/reports?cursor=nope");
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /cursor/);
    });

    test("an account sees its own; a delegated administrator its members' too; never another account's", async () => {
      const mgmt = await account("lists-mgmt");
      const da = await account("lists-da");
      const member = await account("lists-member");
      const stranger = await account("lists-stranger");
      await call(mgmt.key, "POST", "/v1/organization", { name: "lists-org" });
      await call(mgmt.key, "PUT", "/v1/organization/delegated-admin", { accountId: da.id });
      await call(da.key, "POST", "/v1/organization/members", { accountId: member.id });
      const daReport = await report(da.key, "csv");
      const memberReport = await report(member.key, "csv");
      const strangerReport = await report(stranger.key, "csv");
      const memberSbom = await sbom(member.key);
      const strangerSbom = await sbom(stranger.key);

      const daSees = await list(da.key, "/v1/reports");
      assert.deepEqual(
        daSees.items.map((i) => i.id),
        [memberReport.id, daReport.id],
      );
      assert.deepEqual(
        (await list(da.key, `/v1/reports?accountId=${member.id}`)).items.map((i) => i.id),
        [memberReport.id],
      );
      assert.deepEqual(
        (await list(da.key, "/v1/sbom-exports")).items.map((i) => i.id),
        [memberSbom.id],
      );
      // The member sees its own only; the management account (not the delegated administrator) too.
      assert.deepEqual(
        (await list(member.key, "/v1/exports")).items.map((i) => i.id),
        [memberSbom.id, memberReport.id],
      );
      assert.deepEqual((await list(mgmt.key, "/v1/exports")).items, []);
      assert.deepEqual(
        (await list(stranger.key, "/v1/exports")).items.map((i) => i.id),
        [strangerSbom.id, strangerReport.id],
      );
      // Asking for an account outside the scope is a 404, as everywhere (never confirms it exists).
      for (const path of ["/v1/reports", "/v1/sbom-exports", "/v1/exports"]) {
        const res = await call(da.key, "GET", `${path}?accountId=${stranger.id}`);
        assert.equal(res.status, 404, path);
        const up = await call(member.key, "GET", `${path}?accountId=${da.id}`);
        assert.equal(up.status, 404, path);
      }
      // Nor does a cursor open another account's exports.
      await report(stranger.key, "json");
      const page = await list(stranger.key, "/v1/reports?limit=1");
      assert.ok(page.nextCursor);
      const via = await list(da.key, `/v1/reports?cursor=${page.nextCursor ?? ""}`);
      assert.ok(!via.items.some((i) => i.accountId === stranger.id));
    });
  });
}
