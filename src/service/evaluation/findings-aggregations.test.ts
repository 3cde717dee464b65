import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { importFeeds } from "../../intel/index.js";
import { FEEDS } from "../../scan/test-support/vulndb.js";
import { createAccount } from "../tenancy/accounts.js";
import { useServiceApp } from "../test-support/app.js";
import { dialects, npmPackage, sixFindingInventory } from "../test-support/fixtures.js";

// The real Node.js security WG advisories with the real CISA KEV catalog and EPSS scores.
const dir = mkdtempSync(join(tmpdir(), "vigil-agg-vulndb-"));
const vulnDb = join(dir, "vuln.db");
await importFeeds(
  ["nodejs-security-wg", "cisa-kev", "epss"].map((f) => join(FEEDS, f)),
  { db: vulnDb },
);
after(() => rmSync(dir, { recursive: true, force: true }));

interface Group {
  key: string;
  total: number;
  vulnerability?: {
    title: string;
    kev?: { dateAdded: string };
    epss?: { score: number; percentile: number };
  };
}

for (const { dialect, skip } of await dialects()) {
  describe(`GET /v1/findings/aggregations?by=vulnerability (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb });

    test("each vulnerability group carries its title, KEV entry and EPSS score", async () => {
      const { key } = await createAccount(svc.ctx, "agg-vulns");
      // electron 2.0.7: advisory 495 (CVE-2019-5786, in CISA KEV) and 466 (CVE-2018-15685, not in KEV).
      const inv = sixFindingInventory();
      inv.packages = [npmPackage("electron", "2.0.7"), npmPackage("jquery", "1.8.0")];
      for (const name of ["github.com/acme/desktop", "github.com/acme/desktop-next"]) {
        const res = await svc.call(key.key, "POST", "/v1/inventories", {
          resource: { type: "repository", name },
          inventory: inv,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      const res = await svc.call<{ groups: Group[] }>(
        key.key,
        "GET",
        "/v1/findings/aggregations?by=vulnerability&limit=50",
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const byKey = new Map(res.body.groups.map((g) => [g.key, g]));
      const exploited = byKey.get("CVE-2019-5786");
      assert.ok(exploited, `no CVE-2019-5786 group: ${[...byKey.keys()].join(", ")}`);
      assert.equal(exploited.total, 2);
      assert.equal(exploited.vulnerability?.title, "Arbitrary Code Execution");
      assert.equal(exploited.vulnerability?.kev?.dateAdded, "2022-05-23");
      assert.ok((exploited.vulnerability?.epss?.score ?? 0) > 0.5, JSON.stringify(exploited.vulnerability));
      const notKev = byKey.get("CVE-2018-15685");
      assert.ok(notKev?.vulnerability, JSON.stringify(notKev));
      assert.equal(notKev.vulnerability.kev, undefined);
      assert.ok((notKev.vulnerability.epss?.score ?? 0) > 0, JSON.stringify(notKev.vulnerability));
      // Every group has a title; other aggregations carry no vulnerability detail.
      for (const g of res.body.groups) assert.ok(g.vulnerability?.title, g.key);
      const bySeverity = await svc.call<{ groups: Group[] }>(
        key.key,
        "GET",
        "/v1/findings/aggregations?by=severity",
      );
      for (const g of bySeverity.body.groups) assert.equal(g.vulnerability, undefined);
      // The filters apply to the detail's lookup too: another account's caller sees no groups.
      const { key: other } = await createAccount(svc.ctx, "agg-other");
      const none = await svc.call<{ groups: Group[] }>(
        other.key,
        "GET",
        "/v1/findings/aggregations?by=vulnerability",
      );
      assert.deepEqual(none.body.groups, []);
    });
  });
}
