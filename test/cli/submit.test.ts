/**
 * The README's newcomer flow, as a newcomer runs it: create an account, start the server, submit an
 * inventory with `vigil scan --submit`, list the findings over the API.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FEEDS, sharedScanDb } from "../../src/scan/test-support/vulndb.js";
import { vigilArgs } from "../support/cli.js";

let server: ChildProcess | undefined;
let url = "";
let key = "";
let db = "";
const data = mkdtempSync(join(tmpdir(), "vigil-submit-"));

before(async () => {
  db = await sharedScanDb();
  const created = spawnSync(
    process.execPath,
    vigilArgs("accounts", "create", "--name", "ops", "--json", "--data", data),
    {
      encoding: "utf8",
    },
  );
  assert.equal(created.status, 0, created.stderr);
  key = (JSON.parse(created.stdout) as { apiKey: string }).apiKey;
  assert.match(key, /^vigil_/);
  server = spawn(
    process.execPath,
    vigilArgs("server", "--listen", "127.0.0.1:0", "--data", data, "--vuln-db", db, "--log-level", "warn"),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  url = await new Promise<string>((resolve, reject) => {
    let err = "";
    server!.stderr!.on("data", (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    server!.on("exit", (code) => reject(new Error(`vigil server exited with ${code}: ${err}`)));
  });
});

after(() => {
  server?.kill("SIGTERM");
});

test("vigil scan --submit stores the inventory on the server, whose findings API then lists lodash's advisory", async () => {
  const target = join(FEEDS, "artifacts/lockfiles/npm-v3-express-lodash");
  const r = spawnSync(
    process.execPath,
    vigilArgs(
      "scan",
      target,
      "--db",
      db,
      "--format",
      "json",
      "--submit",
      url,
      "--token",
      key,
      "--resource-name",
      "github.com/acme/shop",
    ),
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /submitted to .*: resource \S+, \d+ open finding/);
  const res = await fetch(`${url}/v1/findings`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    findings?: { vulnerabilityId?: string }[];
    items?: { vulnerabilityId?: string }[];
  };
  const list = body.findings ?? body.items ?? [];
  assert.ok(
    list.some((f) => f.vulnerabilityId === "NSWG-ECO-516"),
    JSON.stringify(body).slice(0, 400),
  );
  const resources = await fetch(`${url}/v1/resources`, { headers: { authorization: `Bearer ${key}` } });
  const { items } = (await resources.json()) as {
    items: { name: string; collector: { kind: string } | null }[];
  };
  const shop = items.find((i) => i.name === "github.com/acme/shop");
  assert.equal(shop?.collector?.kind, "ci", "vigil scan --submit says the inventory came from CI");
});

test("--submit without a key is a usage error naming what to pass", () => {
  const r = spawnSync(
    process.execPath,
    vigilArgs("scan", join(FEEDS, "artifacts/lockfiles/yarn-v1"), "--db", db, "--submit", url),
    {
      encoding: "utf8",
      env: { ...process.env, VIGIL_TOKEN: "" },
    },
  );
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--token/);
});
