import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { sharedScanDb } from "../../../scan/test-support/vulndb.js";
import { writeZip } from "../../delivery/zip-writer.js";
import type { DeployResult, FunctionVersionView, FunctionView } from "../../discovery/functions/functions.js";
import type { EvaluationSummary } from "../../evaluation/evaluation.js";
import type { FindingView } from "../../evaluation/findings.js";
import type { ResourceView } from "../../resources/resources.js";
import { createWorker } from "../../runtime.js";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import {
  dialects,
  EXPRESS_LODASH,
  expressLodashInventory,
  FEEDS,
  sixFindingInventory,
} from "../../test-support/fixtures.js";

/** The Node.js security WG advisories and endoflife.date: npm findings and runtime end of life. */
const vulnDbPath = await sharedScanDb([join(FEEDS, "nodejs-security-wg"), join(FEEDS, "endoflife")]);
const expressLodash = await expressLodashInventory();

const LOCKFILES = join(FEEDS, "artifacts/lockfiles");
const file = (dir: string, name: string) => readFileSync(join(dir, name));
const MODIFIED = new Date("2026-01-01T00:00:00Z");

/** A deployment package: the express + lodash 4.17.15 project (lodash: NSWG-ECO-516). */
const expressLodashZip = writeZip(
  [
    { name: "package.json", data: file(EXPRESS_LODASH, "package.json") },
    { name: "package-lock.json", data: file(EXPRESS_LODASH, "package-lock.json") },
    { name: "index.js", data: Buffer.from("exports.handler = async () => 'ok';\n") },
  ],
  MODIFIED,
);
/** A second package: the npm v1 lockfile project (handlebars 4.0.11, marked 0.3.6, moment 2.19.1...). */
const legacyZip = writeZip(
  [
    { name: "package.json", data: file(join(LOCKFILES, "npm-v1-legacy"), "package.json") },
    { name: "package-lock.json", data: file(join(LOCKFILES, "npm-v1-legacy"), "package-lock.json") },
  ],
  MODIFIED,
);
/** A Node.js layer (mounted at /opt/nodejs): the same npm v1 project, under nodejs/ as layers hold it. */
const libLayerZip = writeZip(
  [
    { name: "nodejs/package.json", data: file(join(LOCKFILES, "npm-v1-legacy"), "package.json") },
    { name: "nodejs/package-lock.json", data: file(join(LOCKFILES, "npm-v1-legacy"), "package-lock.json") },
  ],
  MODIFIED,
);

const b64 = (b: Buffer) => b.toString("base64");

interface Account {
  id: string;
  key: string;
}

for (const { dialect, skip } of await dialects()) {
  describe(`functions (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });
    const call = svc.call;

    async function account(name: string): Promise<Account> {
      const { account: a, key } = await createAccount(svc.ctx, name);
      return { id: a.id, key: key.key };
    }

    function deploy(a: Account, name: string, body: Record<string, unknown>) {
      return call<DeployResult>(a.key, "PUT", `/v1/functions/${name}`, body);
    }

    async function drain(): Promise<void> {
      await createWorker(svc.ctx).drain();
    }

    async function findings(a: Account, resourceId: string, status = "ACTIVE"): Promise<FindingView[]> {
      const r = await call<{ items: FindingView[] }>(
        a.key,
        "GET",
        `/v1/findings?resourceId=${resourceId}&status=${status}&limit=500`,
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items;
    }

    const ids = (fs: FindingView[]) => new Set(fs.map((f) => f.vulnerabilityId));

    test("deploy: the bundle and its layer are inventoried in a job; package and runtime end-of-life findings", async () => {
      const a = await account("fn-deploy");
      const d = await deploy(a, "orders-api", {
        runtime: "nodejs16.x",
        code: { zipFile: b64(expressLodashZip) },
        layers: [{ name: "shared-libs", zipFile: b64(libLayerZip) }],
        tags: { team: "orders" },
      });
      assert.equal(d.status, 200, JSON.stringify(d.body));
      assert.equal(d.body.result, "CREATED");
      assert.ok(d.body.jobId);
      assert.equal(d.body.function.version, 1);
      assert.equal(d.body.function.runtime, "nodejs16.x");
      assert.equal(d.body.function.scan.status, "PENDING");
      assert.equal(d.body.function.resource.type, "function");
      assert.equal(d.body.function.layers[0]?.name, "shared-libs");
      assert.match(d.body.function.codeSha256, /^[0-9a-f]{64}$/);
      assert.equal(d.body.function.resource.coverage.reason, "PENDING_INITIAL_SCAN");

      await drain();
      const fn = await call<FunctionView>(a.key, "GET", "/v1/functions/orders-api");
      assert.equal(fn.status, 200);
      assert.equal(fn.body.scan.status, "SCANNED");
      assert.ok((fn.body.scan.packages ?? 0) > 60, `packages: ${fn.body.scan.packages}`);
      assert.equal(fn.body.resource.coverage.status, "SCANNING");
      const resourceId = fn.body.resource.id;

      const active = await findings(a, resourceId);
      assert.ok(ids(active).has("NSWG-ECO-516"), "lodash 4.17.15 from the code's package-lock.json");
      const eol = active.find((f) => f.type === "END_OF_LIFE");
      assert.equal(eol?.vulnerabilityId, "EOL-nodejs-16");
      assert.deepEqual(eol?.eol, { product: "nodejs", cycle: "16", date: "2023-09-11" });
      assert.ok(
        active.some(
          (f) =>
            f.package?.name === "handlebars" && f.package.locations.includes("opt/nodejs/package-lock.json"),
        ),
        "handlebars 4.0.11 from the layer (mounted under /opt)",
      );
      assert.ok(
        active.every((f) => f.resourceType === "function"),
        "findings belong to the function resource",
      );

      // The stored inventory names the function version, never the job's temp directory.
      const inv = await call<Record<string, unknown>>(a.key, "GET", `/v1/resources/${resourceId}/inventory`);
      assert.equal(inv.status, 200);
      assert.doesNotMatch(JSON.stringify(inv.body), /vigil-function-/);

      const listed = await call<{ items: FunctionView[] }>(a.key, "GET", "/v1/functions");
      assert.deepEqual(
        listed.body.items.map((f) => [f.name, f.version]),
        [["orders-api", 1]],
      );
    });

    test("deploy: identical code, runtime and layers is a no-op that says so; an update replaces the inventory and rescans", async () => {
      const a = await account("fn-update");
      const body = {
        runtime: "nodejs16.x",
        code: { zipFile: b64(expressLodashZip) },
        layers: [{ zipFile: b64(libLayerZip) }],
      };
      const first = await deploy(a, "billing", body);
      await drain();
      const resourceId = first.body.function.resource.id;
      const before = await findings(a, resourceId);
      assert.ok(ids(before).has("NSWG-ECO-516"));

      const same = await deploy(a, "billing", body);
      assert.equal(same.status, 200);
      assert.equal(same.body.result, "UNCHANGED");
      assert.equal(same.body.jobId, null);
      assert.equal(same.body.function.version, 1);
      assert.match(same.body.message, /nothing to deploy/);

      // New code, a supported runtime, no layer: version 2, and only version 2 is monitored.
      const upd = await deploy(a, "billing", { runtime: "nodejs22.x", code: { zipFile: b64(legacyZip) } });
      assert.equal(upd.body.result, "UPDATED");
      assert.equal(upd.body.function.version, 2);
      assert.ok(upd.body.jobId);
      await drain();
      const after = await findings(a, resourceId);
      const afterIds = ids(after);
      assert.ok(!afterIds.has("NSWG-ECO-516"), "lodash left with the old package");
      assert.ok(!afterIds.has("EOL-nodejs-16"), "nodejs22.x is supported");
      assert.ok(
        after.some((f) => f.package?.name === "handlebars"),
        "handlebars 4.0.11 of the new package",
      );
      assert.ok(after.every((f) => !f.package?.locations.some((l) => l.startsWith("opt/"))));
      const closed = await findings(a, resourceId, "CLOSED");
      const lodash = closed.find((f) => f.vulnerabilityId === "NSWG-ECO-516");
      assert.equal(lodash?.statusReason, "RESOLVED");
      assert.equal(closed.find((f) => f.vulnerabilityId === "EOL-nodejs-16")?.statusReason, "RESOLVED");

      const fn = await call<FunctionView & { versions: FunctionVersionView[] }>(
        a.key,
        "GET",
        "/v1/functions/billing",
      );
      assert.deepEqual(
        fn.body.versions.map((v) => [v.version, v.runtime, v.scan.status]),
        [
          [2, "nodejs22.x", "SCANNED"],
          [1, "nodejs16.x", "SCANNED"],
        ],
      );
      assert.deepEqual(fn.body.layers, []);
      // Back to version 1's bundle: a change again (a new version 3), not a no-op.
      const back = await deploy(a, "billing", body);
      assert.deepEqual([back.body.result, back.body.function.version], ["UPDATED", 3]);
    });

    test("runtimes past end of life: python3.8, ruby2.7 and dotnetcore3.1 yield findings, java21 does not", async () => {
      const a = await account("fn-eol");
      const expect: [string, string | undefined][] = [
        ["python3.8", "EOL-python-3.8"],
        ["ruby2.7", "EOL-ruby-2.7"],
        ["dotnetcore3.1", "EOL-dotnet-3.1"],
        ["java21", undefined],
      ];
      for (const [runtime] of expect) {
        const d = await deploy(a, `fn-${runtime.replace(/\./g, "-")}`, {
          runtime,
          code: { zipFile: b64(writeZip([{ name: "main.txt", data: Buffer.from(runtime) }], MODIFIED)) },
        });
        assert.equal(d.status, 200, JSON.stringify(d.body));
      }
      await drain();
      for (const [runtime, eolId] of expect) {
        const fn = await call<FunctionView>(a.key, "GET", `/v1/functions/fn-${runtime.replace(/\./g, "-")}`);
        const eol = (await findings(a, fn.body.resource.id)).filter((f) => f.type === "END_OF_LIFE");
        assert.deepEqual(
          eol.map((f) => f.vulnerabilityId),
          eolId === undefined ? [] : [eolId],
          runtime,
        );
      }
    });

    test("bad input names the field; a bundle the engine refuses is FAILED with the reason, runtime still judged", async () => {
      const a = await account("fn-bad");
      const zip = b64(expressLodashZip);
      const cases: [Record<string, unknown>, RegExp][] = [
        [
          { runtime: "cobol85", code: { zipFile: zip } },
          /body\.runtime: unknown runtime "cobol85".*nodejs16\.x/,
        ],
        [{ runtime: "nodejs16.x", code: { zipFile: "not base64!" } }, /body\.code\.zipFile: not base64/],
        [
          { runtime: "nodejs16.x", code: { zipFile: b64(Buffer.from("hello")) } },
          /body\.code\.zipFile: not a zip archive/,
        ],
        [
          { runtime: "nodejs16.x", code: { zipFile: zip }, layers: [{ zipFile: b64(Buffer.from("x")) }] },
          /body\.layers\.0\.zipFile: not a zip archive/,
        ],
        [{ runtime: "nodejs16.x" }, /body\.code/],
      ];
      for (const [body, message] of cases) {
        const r = await call<{ error: { code: string; message: string } }>(
          a.key,
          "PUT",
          "/v1/functions/bad",
          body,
        );
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.match(r.body.error.message, message);
      }
      const badName = await call<{ error: { message: string } }>(a.key, "PUT", "/v1/functions/a%20b", {
        runtime: "nodejs16.x",
        code: { zipFile: zip },
      });
      assert.equal(badName.status, 400);
      assert.match(badName.body.error.message, /^path\.name: a function name is/);
      assert.equal((await call(a.key, "GET", "/v1/functions")).status, 200);
      assert.equal((await call<{ items: unknown[] }>(a.key, "GET", "/v1/functions")).body.items.length, 0);

      // Zip signature, then garbage: accepted at the door, refused by the zip source in the job.
      const corrupt = Buffer.concat([Buffer.from("PK\u0003\u0004", "latin1"), Buffer.alloc(64, 7)]);
      const d = await deploy(a, "corrupt", { runtime: "python3.8", code: { zipFile: b64(corrupt) } });
      assert.equal(d.status, 200, JSON.stringify(d.body));
      await drain();
      const fn = await call<FunctionView>(a.key, "GET", "/v1/functions/corrupt");
      assert.equal(fn.body.scan.status, "FAILED");
      assert.match(fn.body.scan.error ?? "", /zip/);
      assert.doesNotMatch(fn.body.scan.error ?? "", /vigil-function-/);
      assert.deepEqual(
        (await findings(a, fn.body.resource.id)).map((f) => f.vulnerabilityId),
        ["EOL-python-3.8"],
      );
    });

    test("exclusion: vigil:exclude=standard stops scanning a function (findings CLOSED, EXCLUDED_BY_TAG); =code does not; removing it rescans", async () => {
      const a = await account("fn-exclude");
      const d = await deploy(a, "reports", {
        runtime: "nodejs16.x",
        code: { zipFile: b64(expressLodashZip) },
      });
      await drain();
      const resourceId = d.body.function.resource.id;
      const open = ids(await findings(a, resourceId));
      assert.ok(open.has("NSWG-ECO-516") && open.has("EOL-nodejs-16"));

      const code = await call<EvaluationSummary>(a.key, "PUT", `/v1/resources/${resourceId}/tags`, {
        tags: { "vigil:exclude": "code" },
      });
      assert.deepEqual([code.body.resource.coverage.status, code.body.closed], ["SCANNING", 0]);

      const tagged = await call<EvaluationSummary>(a.key, "PUT", `/v1/resources/${resourceId}/tags`, {
        tags: { "vigil:exclude": "standard" },
      });
      assert.equal(tagged.body.resource.coverage.status, "NOT_SCANNING");
      assert.equal(tagged.body.resource.coverage.reason, "EXCLUDED_BY_TAG");
      assert.equal(tagged.body.resource.coverage.detail, "tag vigil:exclude=standard");
      assert.equal(tagged.body.closed, open.size);
      assert.deepEqual(await findings(a, resourceId), []);
      const closed = await findings(a, resourceId, "CLOSED");
      assert.ok(closed.length > 0 && closed.every((f) => f.statusReason === "EXCLUDED_BY_TAG"));

      // A deploy while excluded: a new version, but no findings and the coverage stays excluded.
      const upd = await deploy(a, "reports", { runtime: "nodejs16.x", code: { zipFile: b64(legacyZip) } });
      assert.equal(upd.body.result, "UPDATED");
      await drain();
      assert.deepEqual(await findings(a, resourceId), []);
      const still = await call<FunctionView>(a.key, "GET", "/v1/functions/reports");
      assert.equal(still.body.resource.coverage.reason, "EXCLUDED_BY_TAG");

      const cov = await call<{ byReason: Record<string, { total: number; byType: Record<string, number> }> }>(
        a.key,
        "GET",
        "/v1/coverage",
      );
      assert.deepEqual(cov.body.byReason.EXCLUDED_BY_TAG, { total: 1, byType: { function: 1 } });

      // Removing the tag rescans the latest version: its findings, and the runtime's end of life reopened.
      const untagged = await call<EvaluationSummary>(a.key, "PUT", `/v1/resources/${resourceId}/tags`, {
        tags: {},
      });
      assert.equal(untagged.body.resource.coverage.status, "SCANNING");
      assert.equal(untagged.body.reopened, 1, "EOL-nodejs-16 reopened");
      const back = ids(await findings(a, resourceId));
      assert.ok(back.has("EOL-nodejs-16"));
      assert.ok(!back.has("NSWG-ECO-516"), "the lodash of version 1 is gone with it");
      assert.ok((await findings(a, resourceId)).some((f) => f.package?.name === "handlebars"));
    });

    test("exclusion: a function deployed with vigil:exclude is never matched; the tag on a deploy can lift it", async () => {
      const a = await account("fn-exclude-deploy");
      const body = { runtime: "nodejs16.x", code: { zipFile: b64(expressLodashZip) } };
      const d = await deploy(a, "quiet", { ...body, tags: { "vigil:exclude": "" } });
      assert.equal(d.body.function.resource.coverage.reason, "EXCLUDED_BY_TAG");
      await drain();
      const fn = await call<FunctionView>(a.key, "GET", "/v1/functions/quiet");
      assert.equal(fn.body.scan.status, "SCANNED");
      assert.equal(fn.body.resource.coverage.reason, "EXCLUDED_BY_TAG");
      assert.equal(fn.body.resource.lastScannedAt, null);
      assert.deepEqual(await findings(a, fn.body.resource.id), []);
      // Same bundle, new tags: no new version, but the function is matched at once.
      const lifted = await deploy(a, "quiet", { ...body, tags: { team: "x" } });
      assert.equal(lifted.body.result, "UNCHANGED");
      assert.match(lifted.body.message, /tags updated/);
      assert.equal(lifted.body.function.resource.coverage.status, "SCANNING");
      assert.ok(ids(await findings(a, fn.body.resource.id)).has("NSWG-ECO-516"));
    });

    test("exclusion: vigil:exclude on a host closes its findings; an inventory sent meanwhile is kept unmatched and matched once the tag goes", async () => {
      const a = await account("host-exclude");
      const submit = (inventory: unknown) =>
        call<EvaluationSummary>(a.key, "POST", "/v1/inventories", {
          resource: { type: "host", name: "web-1" },
          inventory,
        });
      const s = await submit(sixFindingInventory());
      assert.ok(s.body.open >= 5);
      const hostId = s.body.resource.id;
      const tagged = await call<EvaluationSummary>(a.key, "PUT", `/v1/resources/${hostId}/tags`, {
        tags: { "vigil:exclude": "true" },
      });
      assert.equal(tagged.body.resource.coverage.reason, "EXCLUDED_BY_TAG");
      assert.ok((await findings(a, hostId, "CLOSED")).every((f) => f.statusReason === "EXCLUDED_BY_TAG"));
      const quiet = await submit(expressLodash);
      assert.deepEqual([quiet.body.evaluated, quiet.body.open], [false, 0]);
      const res = await call<ResourceView>(a.key, "GET", `/v1/resources/${hostId}`);
      assert.equal(res.body.coverage.reason, "EXCLUDED_BY_TAG");
      const untagged = await call<EvaluationSummary>(a.key, "PUT", `/v1/resources/${hostId}/tags`, {
        tags: {},
      });
      assert.equal(untagged.body.resource.coverage.status, "SCANNING");
      assert.deepEqual(
        [...ids(await findings(a, hostId))],
        ["NSWG-ECO-516"],
        "matched against the inventory sent while excluded",
      );
    });

    test("cross-account: another account can neither deploy into, list nor read a function", async () => {
      const a = await account("fn-owner");
      const b = await account("fn-other");
      const d = await deploy(a, "private-fn", { runtime: "nodejs22.x", code: { zipFile: b64(legacyZip) } });
      assert.equal(d.status, 200);
      const put = await call<{ error: { code: string } }>(b.key, "PUT", "/v1/functions/private-fn", {
        runtime: "nodejs22.x",
        code: { zipFile: b64(expressLodashZip) },
        accountId: a.id,
      });
      assert.deepEqual([put.status, put.body.error.code], [404, "NOT_FOUND"]);
      const list = await call(b.key, "GET", `/v1/functions?accountId=${a.id}`);
      assert.equal(list.status, 404);
      const own = await call<{ items: FunctionView[] }>(b.key, "GET", "/v1/functions");
      assert.deepEqual(own.body.items, []);
      assert.equal((await call(b.key, "GET", "/v1/functions/private-fn")).status, 404);
      assert.equal((await call(b.key, "GET", `/v1/functions/private-fn?accountId=${a.id}`)).status, 404);
      // Nothing changed for the owner: still version 1.
      const fn = await call<FunctionView>(a.key, "GET", "/v1/functions/private-fn");
      assert.equal(fn.body.version, 1);
      assert.equal((await call(undefined, "GET", "/v1/functions")).status, 401);
      // Deleting the resource deletes the function, its versions and its bundle.
      assert.equal((await call(a.key, "DELETE", `/v1/resources/${fn.body.resource.id}`)).status, 204);
      assert.equal((await call(a.key, "GET", "/v1/functions/private-fn")).status, 404);
      const left = await svc.ctx.sdb.db.selectFrom("function_bundles").select("resource_id").execute();
      assert.ok(left.every((r) => r.resource_id !== fn.body.resource.id));
    });
  });
}
