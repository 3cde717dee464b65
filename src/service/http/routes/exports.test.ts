import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import yauzl from "yauzl";
import {
  buildSbomExport,
  EXPORT_ATTEMPTS,
  type ExportBuilder,
  type ExportKind,
  type ExportView,
  runExport,
} from "../../delivery/exports.js";
import { buildFindingsReport } from "../../delivery/reports.js";
import { evaluateResource } from "../../evaluation/evaluation.js";
import { JobWorker } from "../../jobs/worker.js";
import { createResource } from "../../resources/resources.js";
import { closeContext, createWorker, type DbServiceContext, openContext } from "../../runtime.js";
import { createAccount } from "../../tenancy/accounts.js";
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

    test("the file is stored as bytes (no base64 text) and downloads byte for byte", async () => {
      const done = await run("/v1/sbom-exports", { format: "cyclonedx" });
      const row = await ctx.sdb.db
        .selectFrom("exports")
        .select(["data", "content"])
        .where("id", "=", done.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.content, null);
      assert.ok(row.data instanceof Uint8Array, "a blob/bytea column");
      const file = await call(owner.key, "GET", `/v1/sbom-exports/${done.id}/download`);
      assert.deepEqual(Buffer.from(row.data), file.raw);
      assert.equal(file.raw.subarray(0, 4).toString("latin1"), "PK\u0003\u0004", "a zip, not text");
    });

    /** Runs the queued export jobs with the given builders, making retried jobs due at once. */
    async function runWith(builders: Record<ExportKind, ExportBuilder>, rounds: number): Promise<void> {
      const worker = new JobWorker(ctx.queue, {
        export: async ({ exportId }, job) => runExport(ctx, exportId, builders, job.attempts),
      });
      for (let i = 0; i < rounds; i++) {
        await ctx.sdb.db
          .updateTable("jobs")
          .set({ run_after: "2000-01-01T00:00:00.000Z" })
          .where("status", "=", "queued")
          .execute();
        await worker.drain();
      }
    }
    const status = async (id: string) =>
      (await call<ExportView>(owner.key, "GET", `/v1/sbom-exports/${id}`)).json();

    test("a failed export job is retried: QUEUED with the error, then SUCCEEDED", async () => {
      const started = await call<ExportView>(owner.key, "POST", "/v1/sbom-exports", {
        format: "spdx",
        resourceId: shopId,
      });
      let calls = 0;
      const flaky: ExportBuilder = async (c, row) => {
        calls++;
        if (calls === 1) throw new Error("database connection reset");
        return buildSbomExport(c, row);
      };
      await runWith({ "findings-report": buildFindingsReport, "sbom-export": flaky }, 1);
      const retrying = await status(started.json().id);
      assert.equal(retrying.status, "QUEUED");
      assert.match(retrying.error ?? "", /attempt 1 of 3 failed \(retrying\): database connection reset/);
      await runWith({ "findings-report": buildFindingsReport, "sbom-export": flaky }, 1);
      const done = await status(started.json().id);
      assert.deepEqual([done.status, done.error, calls], ["SUCCEEDED", null, 2]);
      const file = await call(owner.key, "GET", `/v1/sbom-exports/${done.id}/download`);
      assert.equal(file.status, 200);
    });

    test("an export failing every attempt ends FAILED with the reason; a request error fails at once", async () => {
      const broken = await call<ExportView>(owner.key, "POST", "/v1/sbom-exports", { format: "spdx" });
      let calls = 0;
      const failing: ExportBuilder = async () => {
        calls++;
        throw new Error("disk full");
      };
      await runWith({ "findings-report": buildFindingsReport, "sbom-export": failing }, EXPORT_ATTEMPTS + 1);
      const failed = await status(broken.json().id);
      assert.deepEqual([failed.status, failed.error, calls], ["FAILED", "disk full", EXPORT_ATTEMPTS]);

      const empty = (
        await createResource(ctx, { accountId: owner.id, type: "repository", name: "acme/empty", tags: {} })
      ).id;
      const none = await call<ExportView>(owner.key, "POST", "/v1/sbom-exports", {
        format: "spdx",
        resourceId: empty,
      });
      await runWith({ "findings-report": buildFindingsReport, "sbom-export": buildSbomExport }, 1);
      const refused = await status(none.json().id);
      assert.equal(refused.status, "FAILED");
      assert.match(refused.error ?? "", /has no inventory to export/);
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
