import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Inventory } from "../../model/inventory.js";
import type { ServiceContext } from "../core/context.js";
import { createResource, resourcesHolding } from "../resources/resources.js";
import { closeContext, openContext } from "../runtime.js";
import { createAccount } from "../tenancy/accounts.js";
import {
  createTestDatabase,
  dialects,
  npmPackage,
  type TestDatabase,
  testVulnDb,
} from "../test-support/fixtures.js";
import { evaluateResource, reevaluate } from "./evaluation.js";

const vulnDb = await testVulnDb();

/** A Debian host with a binary package built from another source package, and a PyPI package. */
const host: Inventory = {
  target: { kind: "host", ref: "db-1" },
  os: { id: "debian", versionId: "12", ecosystem: "Debian:12" },
  packages: [
    {
      name: "libssl3",
      version: "3.0.11-1~deb12u2",
      ecosystem: "Debian:12",
      purl: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12",
      source: { name: "openssl", version: "3.0.11-1~deb12u2" },
      locations: ["var/lib/dpkg/status"],
      foundBy: "dpkg",
    },
    {
      name: "Django_REST.framework",
      version: "3.14.0",
      ecosystem: "PyPI",
      purl: "pkg:pypi/django-rest-framework@3.14.0",
      locations: ["requirements.txt"],
      foundBy: "pip",
    },
  ],
  runtimes: [],
  problems: [],
  createdAt: "2026-11-20T00:00:00.000Z",
};

for (const { dialect, skip } of await dialects()) {
  describe(`reverse index and re-evaluation (${dialect})`, { skip }, () => {
    let tdb: TestDatabase;
    let ctx: ServiceContext;
    let hostId: string;
    let repoId: string;
    before(async () => {
      tdb = await createTestDatabase(dialect);
      ctx = await openContext({ database: tdb.location, vulnDb });
      const { account } = await createAccount(ctx, "index");
      hostId = (await createResource(ctx, { accountId: account.id, type: "host", name: "db-1", tags: {} }))
        .id;
      repoId = (
        await createResource(ctx, { accountId: account.id, type: "repository", name: "web", tags: {} })
      ).id;
      await evaluateResource(ctx, hostId, host);
      await evaluateResource(ctx, repoId, {
        ...host,
        os: undefined,
        packages: [npmPackage("lodash", "4.17.15")],
      });
    });
    after(async () => {
      await closeContext(ctx);
      await tdb.drop();
    });

    test("a distro package is found by its source package and its binary name", async () => {
      assert.deepEqual(await resourcesHolding(ctx.sdb.db, [{ ecosystem: "Debian:12", name: "openssl" }]), [
        hostId,
      ]);
      assert.deepEqual(await resourcesHolding(ctx.sdb.db, [{ ecosystem: "Debian:12", name: "libssl3" }]), [
        hostId,
      ]);
      assert.deepEqual(await resourcesHolding(ctx.sdb.db, [{ ecosystem: "Debian:11", name: "openssl" }]), []);
    });

    test("a PyPI package is found by its normalised name, as the vulnerability database keys it", async () => {
      assert.deepEqual(
        await resourcesHolding(ctx.sdb.db, [{ ecosystem: "PyPI", name: "django-rest-framework" }]),
        [hostId],
      );
    });

    test("several keys find every resource that holds any of them, once", async () => {
      const keys = [
        { ecosystem: "npm", name: "lodash" },
        { ecosystem: "Debian:12", name: "openssl" },
        { ecosystem: "Debian:12", name: "libssl3" },
      ];
      assert.deepEqual(await resourcesHolding(ctx.sdb.db, keys), [hostId, repoId].sort());
    });

    test("reevaluate re-matches the stored inventories and skips resources deleted meanwhile", async () => {
      const out = await reevaluate(ctx, [repoId, "res_deleted"]);
      assert.deepEqual(
        out.map((s) => [s.resource.id, s.evaluated, s.created, s.open]),
        [[repoId, true, 0, 1]],
      );
    });
  });
}
