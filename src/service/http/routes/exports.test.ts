import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import yauzl from "yauzl";
import { createAccount } from "../../accounts.js";
import { evaluateResource } from "../../evaluation.js";
import type { ExportView } from "../../exports.js";
import { createResource } from "../../resources.js";
import { closeContext, createWorker, type DbServiceContext, openContext } from "../../runtime.js";
import {
  createTestDatabase,
  dialects,
  expressLodashInventory,
  sixFindingInventory,
  type TestDatabase,
  testVulnDb,
} from "../../test-support/fixtures.js";
import { buildApp } from "../app.js";

const vulnDb = await testVulnDb();
const expressLodash = await expressLodashInventory();

/** The entries of a zip archive, read with yauzl: name -> text. */
function unzip(data: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, string>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(out));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

for (const { dialect, skip } of await dialects()) {
  describe(`findings reports and SBOM exports (${dialect})`, { skip }, () => {
    let tdb: TestDatabase;
    let ctx: DbServiceContext;
    let app: FastifyInstance;
    let owner: { id: string; key: string };
    let other: { id: string; key: string };
    let shopId: string;
    let frontendId: string;

    before(async () => {
      tdb = await createTestDatabase(dialect);
      ctx = await openContext({ database: tdb.location, vulnDb });
      app = buildApp(ctx);
      const a = await createAccount(ctx, "owner");
      owner = { id: a.account.id, key: a.key.key };
      const b = await createAccount(ctx, "other");
      other = { id: b.account.id, key: b.key.key };
      shopId = (
        await createResource(ctx, { accountId: owner.id, type: "repository", name: "acme/shop", tags: {} })
      ).id;
      frontendId = (
        await createResource(ctx, {
          accountId: owner.id,
          type: "repository",
          name: "acme/old-frontend",
          tags: {},
        })
      ).id;
      await evaluateResource(ctx, shopId, expressLodash);
      await evaluateResource(ctx, frontendId, sixFindingInventory());
    });
    after(async () => {
      await app.close();
      await closeContext(ctx);
      await tdb.drop();
    });

    async function call<T>(key: string, method: "GET" | "POST", url: string, body?: unknown) {
      const res = await app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      return {
        status: res.statusCode,
        headers: res.headers,
        raw: res.rawPayload,
        json: () => res.json() as T,
      };
    }

    /** Starts an export, runs the job, and returns its final status. */
    async function run(path: string, body: unknown): Promise<ExportView> {
      const started = await call<ExportView>(owner.key, "POST", path, body);
      assert.equal(started.status, 202);
      assert.equal(started.json().status, "QUEUED");
      await createWorker(ctx).drain();
      const done = await call<ExportView>(owner.key, "GET", `${path}/${started.json().id}`);
      assert.equal(done.status, 200);
      return done.json();
    }

    test("a CSV findings report holds every finding of the filter, one line each", async () => {
      const report = await run("/v1/reports", { format: "csv", filter: { resourceId: frontendId } });
      assert.equal(report.status, "SUCCEEDED");
      const file = await call(owner.key, "GET", report.downloadPath as string);
      assert.equal(file.status, 200);
      assert.match(String(file.headers["content-type"]), /^text\/csv/);
      const lines = file.raw.toString("utf8").trimEnd().split("\n");
      assert.equal(lines.length, 1 + 6, "header plus the six findings of the old frontend");
    });

    test("a JSON findings report applies the filters of GET /v1/findings", async () => {
      const report = await run("/v1/reports", { format: "json", filter: { packageName: "lodash" } });
      const file = await call(owner.key, "GET", report.downloadPath as string);
      const { findings } = JSON.parse(file.raw.toString("utf8")) as { findings: { packageName?: string }[] };
      assert.ok(findings.length > 0);
      const listed = await call<{ items: unknown[] }>(
        owner.key,
        "GET",
        "/v1/findings?packageName=lodash&limit=500",
      );
      assert.equal(findings.length, listed.json().items.length);
    });

    test("an SBOM export of one resource is one CycloneDX document of its packages", async () => {
      const exp = await run("/v1/sbom-exports", { format: "cyclonedx", resourceId: shopId });
      assert.equal(exp.status, "SUCCEEDED");
      const file = await call(owner.key, "GET", exp.downloadPath as string);
      const bom = JSON.parse(file.raw.toString("utf8")) as {
        bomFormat: string;
        components: { name: string }[];
      };
      assert.equal(bom.bomFormat, "CycloneDX");
      assert.ok(bom.components.some((c) => c.name === "lodash"));
    });

    test("an SBOM export of a filter is a zip of one SPDX document per resource", async () => {
      const exp = await run("/v1/sbom-exports", { format: "spdx", resourceType: "repository" });
      const file = await call(owner.key, "GET", exp.downloadPath as string);
      assert.equal(file.headers["content-type"], "application/zip");
      const entries = await unzip(file.raw);
      assert.equal(entries.size, 2);
      for (const [name, text] of entries) {
        assert.match(name, /\.spdx\.json$/);
        assert.equal((JSON.parse(text) as { spdxVersion: string }).spdxVersion.startsWith("SPDX-"), true);
      }
    });

    test("another account can neither see, download nor export what is not its own (404)", async () => {
      const report = await run("/v1/reports", { format: "csv" });
      const exp = await run("/v1/sbom-exports", { format: "cyclonedx", resourceId: shopId });
      for (const url of [
        `/v1/reports/${report.id}`,
        `/v1/reports/${report.id}/download`,
        `/v1/sbom-exports/${exp.id}`,
        `/v1/sbom-exports/${exp.id}/download`,
      ]) {
        const res = await call<{ error: { code: string } }>(other.key, "GET", url);
        assert.equal(res.status, 404, url);
        assert.equal(res.json().error.code, "NOT_FOUND");
      }
      const foreignResource = await call(other.key, "POST", "/v1/sbom-exports", {
        format: "spdx",
        resourceId: shopId,
      });
      assert.equal(foreignResource.status, 404);
      const foreignAccount = await call(other.key, "POST", "/v1/reports", {
        format: "csv",
        filter: { accountIds: [owner.id] },
      });
      assert.equal(foreignAccount.status, 404);
      // A report of the other account's own findings is empty: it never reads the owner's.
      const own = await call<ExportView>(other.key, "POST", "/v1/reports", { format: "json" });
      await createWorker(ctx).drain();
      const file = await call(other.key, "GET", `/v1/reports/${own.json().id}/download`);
      assert.deepEqual(JSON.parse(file.raw.toString("utf8")), { findings: [] });
    });

    test("a download before the export has run is refused with 409", async () => {
      const started = await call<ExportView>(owner.key, "POST", "/v1/reports", { format: "csv" });
      const res = await call<{ error: { code: string } }>(
        owner.key,
        "GET",
        `/v1/reports/${started.json().id}/download`,
      );
      assert.equal(res.status, 409);
      await createWorker(ctx).drain();
    });
  });
}
