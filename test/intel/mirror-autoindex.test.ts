import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { openVulnDb, updateDb } from "../../src/intel/index.js";

const FEEDS = resolve(import.meta.dirname, "../../../shared/feeds");

/**
 * A mirror that is nothing but a plain static file server over a copy of the publishers' layout, with
 * no vigil-mirror-index.txt: Python's own `http.server`, whose HTML directory listings Vigil reads.
 */
let server: ChildProcess;
let url: string;

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

before(async () => {
  const port = await freePort();
  server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1"], {
    cwd: FEEDS,
    stdio: "ignore",
  });
  url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("python3 -m http.server did not start");
});
after(() => server.kill());

test("db update --mirror against a plain static server: directory feeds from its listings, EPSS by its newest dated file", async () => {
  const db = join(mkdtempSync(join(tmpdir(), "vigil-autoindex-")), "vuln.db");
  const result = await updateDb({ db, mirror: url, feeds: ["nodejs-security-wg", "epss", "endoflife"] });
  assert.ok(
    result.downloads.some((d) => d.path === "epss/epss_scores-2026-08-15.csv.gz" && d.result === "fetched"),
  );
  const v = openVulnDb(db);
  try {
    const counts = Object.fromEntries(v.status().feeds.map((f) => [f.label, f.count]));
    assert.equal(counts["nodejs-security-wg:npm"], 467);
    assert.equal(counts["nodejs-security-wg:core"], 171);
    assert.equal(counts["epss"], 360142);
    assert.equal(counts["endoflife"], 329);
  } finally {
    v.close();
  }
});
