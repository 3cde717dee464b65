/**
 * `vigil functions deploy` / `list` against a real `vigil server` (the built CLI, as users run it): a
 * zip built here from a real npm lockfile, a layer, the runtime's end of life, a no-op redeploy.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FEEDS, sharedScanDb } from "../../src/scan/test-support/vulndb.js";
import { writeZip } from "../../src/service/delivery/zip-writer.js";
import { type CliServer, startCliServer, vigilArgs } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-functions-cli-"));
const data = join(dir, "data");
const LOCKFILES = join(FEEDS, "artifacts/lockfiles");
let server: CliServer | undefined;
let url = "";
let key = "";

const codeZip = join(dir, "orders.zip");
const layerZip = join(dir, "libs.zip");

before(async () => {
  const db = await sharedScanDb([join(FEEDS, "nodejs-security-wg"), join(FEEDS, "endoflife")]);
  const modified = new Date("2026-01-01T00:00:00Z");
  const lock = (p: string, f: string) => readFileSync(join(LOCKFILES, p, f));
  writeFileSync(
    codeZip,
    writeZip(
      [
        { name: "package.json", data: lock("npm-v3-express-lodash", "package.json") },
        { name: "package-lock.json", data: lock("npm-v3-express-lodash", "package-lock.json") },
        { name: "index.js", data: Buffer.from("exports.handler = async () => 'ok';\n") },
      ],
      modified,
    ),
  );
  writeFileSync(
    layerZip,
    writeZip(
      [
        { name: "nodejs/package.json", data: lock("npm-v1-legacy", "package.json") },
        { name: "nodejs/package-lock.json", data: lock("npm-v1-legacy", "package-lock.json") },
      ],
      modified,
    ),
  );
  server = await startCliServer(data, db);
  url = server.url;
  key = server.key;
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the built CLI (asynchronously: the server answers from another process meanwhile). */
function vigil(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, vigilArgs(...args), { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    p.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("vigil functions deploy --wait sends the bundle and layer; the server inventories them and reports lodash, handlebars and Node.js 16's end of life", async () => {
  const deploy = [
    "functions",
    "deploy",
    "--server",
    url,
    "--token",
    key,
    "--name",
    "orders",
    "--runtime",
    "nodejs16.x",
    "--zip",
    codeZip,
    "--layer",
    layerZip,
    "--tag",
    "team=orders",
  ];
  const r = await vigil(...deploy, "--wait");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /function orders: version 1 deployed/);
  assert.match(
    r.stdout,
    /^orders\tversion 1\tnodejs16\.x\tcode sha256:[0-9a-f]{64}\t1 layer\(s\)\tscan SCANNED\tcoverage SCANNING/,
  );
  assert.match(r.stdout, /\d+ open finding\(s\): .*HIGH/);

  const fn = (await (
    await fetch(`${url}/v1/functions/orders`, { headers: { authorization: `Bearer ${key}` } })
  ).json()) as {
    resource: { id: string; tags: Record<string, string> };
    layers: { name: string }[];
  };
  assert.deepEqual(fn.resource.tags, { team: "orders" });
  assert.deepEqual(
    fn.layers.map((l) => l.name),
    ["libs"],
  );
  const res = await fetch(`${url}/v1/findings?resourceId=${fn.resource.id}&limit=500`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const found = ((await res.json()) as { items: { vulnerabilityId: string; package?: { name: string } }[] })
    .items;
  const ids = new Set(found.map((f) => f.vulnerabilityId));
  assert.ok(ids.has("NSWG-ECO-516"), "lodash 4.17.15 of the code");
  assert.ok(ids.has("EOL-nodejs-16"), "the runtime's end of life");
  assert.ok(
    found.some((f) => f.package?.name === "handlebars"),
    "handlebars of the layer",
  );

  // The same bundle again: a no-op that says so.
  const again = await vigil(...deploy, "--json");
  assert.equal(again.status, 0, again.stderr);
  const body = JSON.parse(again.stdout) as { result: string; message: string; jobId: string | null };
  assert.deepEqual([body.result, body.jobId], ["UNCHANGED", null]);
  assert.match(body.message, /nothing to deploy/);

  const list = await vigil("functions", "list", "--server", url, "--token", key);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^orders\tversion 1\tnodejs16\.x\tscan SCANNED\tcoverage SCANNING\n$/);
});

test("vigil functions deploy names what is wrong: runtime, zip file, API key, the server's refusal", async () => {
  const base = ["functions", "deploy", "--server", url, "--name", "bad"];
  const runtime = await vigil(...base, "--token", key, "--runtime", "cobol85", "--zip", codeZip);
  assert.equal(runtime.status, 2);
  assert.match(runtime.stderr, /--runtime: unknown runtime "cobol85": use one such as nodejs16\.x/);
  const missing = join(dir, "missing.zip");
  const zip = await vigil(...base, "--token", key, "--runtime", "python3.12", "--zip", missing);
  assert.equal(zip.status, 2);
  assert.match(
    zip.stderr,
    new RegExp(`--zip ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot read`),
  );
  const notZip = await vigil(
    ...base,
    "--token",
    key,
    "--runtime",
    "python3.12",
    "--zip",
    join(LOCKFILES, "yarn-v1/yarn.lock"),
  );
  assert.equal(notZip.status, 2);
  assert.match(notZip.stderr, /yarn\.lock: not a zip archive/);
  const env = { ...process.env };
  delete env.VIGIL_TOKEN;
  const noKey = spawnSync(process.execPath, vigilArgs(...base, "--runtime", "python3.12", "--zip", codeZip), {
    encoding: "utf8",
    env,
  });
  assert.equal(noKey.status, 2);
  assert.match(noKey.stderr, /--token: give an API key/);
  const refused = await vigil(
    ...base,
    "--token",
    "vigil_nope_nope",
    "--runtime",
    "python3.12",
    "--zip",
    codeZip,
  );
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /refused PUT \/v1\/functions\/bad \(401\)/);
  assert.doesNotMatch(refused.stderr, /at .*\.js:\d+/, "no stack trace");
});
