import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FEEDS_DIR, type FeedServer, startFeedServer } from "../../test/intel/feed-server.js";
import { tempDir } from "./db/test-support/build.js";
import { download } from "./download.js";

const KEV = "/cisa-kev/known_exploited_vulnerabilities.json";
const tmp = tempDir("vigil-download-");
let server: FeedServer;
before(async () => {
  server = await startFeedServer();
});
after(async () => {
  await server.close();
  tmp.cleanup();
});

test("download: a 200 stores the body and its ETag; the same ETag then gets a 304", async () => {
  const dest = join(tmp.dir, "kev.json");
  const first = await download({ url: server.url + KEV, dest });
  assert.equal(first.status, "fetched");
  assert.deepEqual(readFileSync(dest), readFileSync(join(FEEDS_DIR, KEV)));
  assert.ok(first.status === "fetched" && first.etag);
  const second = await download({ url: server.url + KEV, dest, etag: first.etag });
  assert.deepEqual(second, { status: "not-modified" });
  assert.deepEqual(
    server.control.log.filter((l) => l.path === KEV).map((l) => l.status),
    [200, 304],
  );
});

test("download: a connection dropped mid-body is retried and the file is complete", async () => {
  const path = "/osv/crates.io/all.zip";
  server.control.dropConnection.set(path, 2);
  const retries: string[] = [];
  const dest = join(tmp.dir, "crates.zip");
  const r = await download(
    { url: server.url + path, dest },
    { backoffMs: 10, onRetry: (_attempt, reason) => retries.push(reason) },
  );
  assert.equal(r.status, "fetched");
  assert.equal(retries.length, 2);
  assert.match(retries[0]!, /dropped|ended|terminated|closed/);
  assert.deepEqual(readFileSync(dest), readFileSync(join(FEEDS_DIR, path)));
});

test("download: 503 is retried with backoff; 404 is reported as missing", async () => {
  server.control.fail503.set(KEV, 1);
  const delays: number[] = [];
  const r = await download(
    { url: server.url + KEV, dest: join(tmp.dir, "kev2.json") },
    { backoffMs: 10, onRetry: (_a, _r, d) => delays.push(d) },
  );
  assert.equal(r.status, "fetched");
  assert.deepEqual(delays, [10]);
  const missing = await download({ url: `${server.url}/osv/npm/all.zip`, dest: join(tmp.dir, "npm.zip") });
  assert.deepEqual(missing, { status: "missing", httpStatus: 404 });
});

test("download: when every attempt fails the error names the URL and the old file stays", async () => {
  const path = "/osv/PyPI/all.zip";
  const dest = join(tmp.dir, "kev.json"); // holds the KEV from the first test
  const before = readFileSync(dest);
  server.control.dropConnection.set(path, 10);
  await assert.rejects(
    download({ url: server.url + path, dest }, { retries: 2, backoffMs: 5 }),
    (e: Error) => e.message.includes(`${server.url}${path}`) && /after 3 attempts/.test(e.message),
  );
  server.control.dropConnection.delete(path);
  assert.deepEqual(readFileSync(dest), before);
});
