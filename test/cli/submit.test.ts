/**
 * The README's newcomer flow, as a newcomer runs it: create an account, start the server, submit an
 * inventory with `vigil scan --submit`, list the findings over the API.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FEEDS, sharedScanDb } from "../../src/scan/test-support/vulndb.js";
import { type CliServer, startCliServer, vigilArgs } from "../support/cli.js";

let server: CliServer | undefined;
let url = "";
let key = "";
let db = "";
const data = mkdtempSync(join(tmpdir(), "vigil-submit-"));

before(async () => {
  db = await sharedScanDb();
  server = await startCliServer(data, db);
  url = server.url;
  key = server.key;
  assert.match(key, /^vigil_/);
});

after(async () => {
  await server?.stop();
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
