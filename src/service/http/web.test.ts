import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Fastify from "fastify";
import { notFoundHandler } from "./errors.js";
import { webRoutes } from "./web.js";

const root = mkdtempSync(join(tmpdir(), "vigil-web-"));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "assets"));
writeFileSync(join(root, "index.html"), "<!doctype html><title>Vigil</title>");
writeFileSync(join(root, "assets/app-1234.js"), "console.log(1)");

function app(dir: string) {
  const a = Fastify();
  a.setNotFoundHandler(notFoundHandler);
  a.get("/v1/account", async () => ({ ok: true }));
  webRoutes(a, { root: dir });
  return a;
}

test("the dashboard: files, index.html for app paths, the API's JSON 404 for unknown API paths", async () => {
  const a = app(root);
  const index = await a.inject({ url: "/" });
  assert.equal(index.statusCode, 200);
  assert.match(String(index.headers["content-type"]), /text\/html/);
  const deep = await a.inject({ url: "/findings/abc?severity=HIGH" });
  assert.equal(deep.statusCode, 200);
  assert.equal(deep.body, index.body);
  const asset = await a.inject({ url: "/assets/app-1234.js" });
  assert.equal(asset.statusCode, 200);
  assert.match(String(asset.headers["content-type"]), /javascript/);
  assert.match(String(asset.headers["cache-control"]), /immutable/);
  assert.equal((await a.inject({ url: "/assets/gone-1.js" })).statusCode, 404);
  assert.equal((await a.inject({ url: "/v1/account" })).statusCode, 200);
  const api404 = await a.inject({ url: "/v1/nothing-here" });
  assert.equal(api404.statusCode, 404);
  assert.equal(api404.json().error.code, "NOT_FOUND");
  assert.equal((await a.inject({ url: "/../../etc/passwd" })).body, index.body, "no path escapes the root");
  await a.close();
});

test("without a built dashboard, / says to run npm run build", async () => {
  const a = app(join(root, "missing"));
  const res = await a.inject({ url: "/" });
  assert.equal(res.statusCode, 404);
  assert.match(res.body, /npm run build/);
  await a.close();
});
