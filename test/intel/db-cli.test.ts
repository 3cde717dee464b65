import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { tempDir } from "../../src/intel/db/test-support/build.js";
import { vigilArgs } from "../support/cli.js";
import { FEEDS_DIR, type FeedServer, startFeedServer } from "./feed-server.js";

const REPO = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const tmp = tempDir("vigil-db-cli-");
const db = join(tmp.dir, "vuln.db");
/** When the database built by the import test was built: later runs must not have replaced it. */
let importedBuiltAt = "";

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, vigilArgs(...args), {
    cwd: REPO,
    env: { ...process.env, VIGIL_BACKOFF_MS: "10", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d;
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d;
  });
  const done = new Promise<Run>((r) =>
    child.on("close", (code, signal) => r({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

function vigil(...args: string[]): Promise<Run> {
  return start(args).done;
}

interface StatusJson {
  schemaVersion: number;
  builtAt: string;
  stale: boolean;
  feeds: { label: string; count: number; unit: string; skipped: number; date: string | null }[];
}

async function statusJson(): Promise<StatusJson> {
  const r = await vigil("db", "status", "--db", db, "--json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StatusJson;
}

let server: FeedServer;
before(async () => {
  server = await startFeedServer();
});
after(async () => {
  await server.close();
  tmp.cleanup();
});

describe("vigil db (CLI, end to end)", () => {
  test("db import of the shared feeds: db status --json shows the publishers' counts (feeds/README.md)", async () => {
    const r = await vigil("db", "import", FEEDS_DIR, "--db", db, "--json");
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { changes: { baseline: string; totals: { keys: number } } };
    assert.equal(result.changes.baseline, "none");
    assert.ok(result.changes.totals.keys > 5000);
    const s = await statusJson();
    importedBuiltAt = s.builtAt;
    assert.equal(s.schemaVersion, 2);
    const count = (label: string) => s.feeds.find((f) => f.label === label)?.count;
    assert.equal(count("osv:PyPI"), 2661);
    assert.equal(count("osv:Go"), 4291);
    assert.equal(count("osv:crates.io"), 1206);
    assert.equal(count("debian-dsa"), 5406);
    assert.equal(count("debian-dla"), 3534);
    assert.equal(count("cisa-kev"), 1404);
    assert.equal(count("epss"), 360_142);
    assert.equal(count("wolfi-secdb"), 27);
    assert.equal(count("chainguard-secdb"), 57);
    assert.equal(count("rubysec"), 1234);
    assert.equal(count("nodejs-security-wg:core"), 171);
    // The README counts 468 files in vuln/npm; one of them is index.json, not an advisory.
    assert.equal(count("nodejs-security-wg:npm"), 467);
    assert.equal(count("nvd:cves-page-2023-10-18.json"), 38);
    assert.equal(count("nvd:cves-single-entry.json"), 1);
    // CVE JSON 5 records (vulnrichment sample), REJECTED ones included; none skipped.
    assert.equal(count("cve-v5"), 1751);
    assert.equal(s.feeds.find((f) => f.label === "cve-v5")?.skipped, 0);
    // Alpine per release, main/community (README section 4).
    const alpine: Record<string, [number, number]> = {
      "v3.3": [91, 0],
      "v3.4": [117, 2],
      "v3.5": [131, 20],
      "v3.6": [134, 31],
      "v3.7": [163, 37],
      "v3.8": [164, 44],
      "v3.9": [161, 58],
      "v3.10": [166, 73],
      "v3.11": [175, 85],
    };
    for (const [release, [main, community]] of Object.entries(alpine)) {
      assert.equal(count(`alpine-secdb:${release}/main`), main, release);
      assert.equal(count(`alpine-secdb:${release}/community`), community, release);
    }
    assert.equal(s.feeds.find((f) => f.label === "cisa-kev")?.date?.slice(0, 10), "2025-08-25");
  });

  test("db show finds a vulnerability by an alias, with KEV and EPSS", async () => {
    const r = await vigil("db", "show", "DSA-5020-1", "--db", db, "--json");
    assert.equal(r.code, 0, r.stderr);
    const shown = JSON.parse(r.stdout) as {
      aliases: string[];
      advisories: { id: string }[];
      cves: { cve: string; kev: { dateAdded: string } | null; epss: { epss: number } | null }[];
    };
    assert.ok(shown.aliases.includes("CVE-2021-44228"));
    assert.deepEqual(shown.advisories.map((a) => a.id).sort(), ["DLA-2842-1", "DSA-5020-1"]);
    const log4shell = shown.cves.find((c) => c.cve === "CVE-2021-44228");
    assert.equal(log4shell?.kev?.dateAdded, "2021-12-10");
    assert.ok((log4shell?.epss?.epss ?? 0) > 0.9);
    const missing = await vigil("db", "show", "CVE-1900-0001", "--db", db);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /CVE-1900-0001: no advisory/);
  });

  test("db status prints a table, and warns when the database is older than --max-age", async () => {
    const r = await vigil("db", "status", "--db", db, "--max-age", "1s");
    assert.equal(r.code, 0);
    assert.match(r.stdout, /osv:PyPI\s+2661\s+records/);
    assert.match(
      r.stderr,
      /warning: the vulnerability database was built .* ago \(more than 1s\): run `vigil db update`/,
    );
  });

  test("SIGKILL in the middle of db update leaves the previous database usable; the next run cleans up", async () => {
    const before = { builtAt: importedBuiltAt };
    server.control.chunkDelayMs = 25;
    const run = start(["db", "update", "--db", db, "--mirror", server.url, "--feeds", "osv:Go"]);
    // Wait until the Go zip is being served, then kill.
    for (let i = 0; i < 200 && !server.control.log.some((l) => l.path === "/osv/Go/all.zip"); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill("SIGKILL");
    const killed = await run.done;
    server.control.chunkDelayMs = 0;
    assert.equal(killed.signal, "SIGKILL");
    const leftovers = readdirSync(tmp.dir).filter((n) => n.includes(".tmp-") || n.endsWith(".lock"));
    assert.ok(leftovers.length > 0, "the killed run left its temp files");
    const shown = await vigil("db", "show", "CVE-2021-44228", "--db", db);
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /affects Debian:11 apache-log4j2: introduced 0, fixed 2\.15\.0-1~deb11u1/);

    // Again, this time while the new database file is being written.
    const run2 = start(["db", "update", "--db", db, "--mirror", server.url, "--feeds", "osv:Go"]);
    let building = false;
    for (let i = 0; i < 1500 && !building; i++) {
      building = readdirSync(tmp.dir).some((n) => /^vuln\.db\.tmp-\d+-/.test(n));
      if (!building) await new Promise((r) => setTimeout(r, 10));
    }
    run2.child.kill("SIGKILL");
    await run2.done;
    assert.ok(building, "the kill landed while the new database was being built");
    const after = await statusJson();
    assert.equal(after.builtAt, before.builtAt);
    assert.equal(after.feeds.find((f) => f.label === "osv:Go")?.count, 4291);

    const next = await vigil(
      "db",
      "update",
      "--db",
      db,
      "--mirror",
      server.url,
      "--feeds",
      "cisa-kev",
      "--json",
    );
    assert.equal(next.code, 0, next.stderr);
    const result = JSON.parse(next.stdout) as { removedLeftovers: string[]; feeds: { label: string }[] };
    assert.ok(result.removedLeftovers.some((n) => n.startsWith("vuln.db.feeds.tmp-")));
    assert.deepEqual(readdirSync(tmp.dir).sort(), ["vuln.db", "vuln.db.feeds"]);
    // The update built from the download cache only: just the feed it fetched.
    assert.deepEqual(
      result.feeds.map((f) => f.label),
      ["cisa-kev"],
    );
  });

  test("db update: a dropped connection is retried; plain progress lines when stderr is not a terminal", async () => {
    server.control.dropConnection.set("/cisa-kev/known_exploited_vulnerabilities.json", 1);
    server.control.override.set(
      "/cisa-kev/known_exploited_vulnerabilities.json",
      Buffer.from(
        (await import("node:fs"))
          .readFileSync(join(FEEDS_DIR, "cisa-kev/known_exploited_vulnerabilities.json"), "utf8")
          .replace('"count": 1404', '"count":  1404'),
      ),
    );
    try {
      const r = await vigil("db", "update", "--db", db, "--mirror", server.url, "--feeds", "cisa-kev");
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /retry 1 of http:\/\/127\.0\.0\.1:\d+\/cisa-kev\/known_exploited_vulnerabilities\.json/,
      );
      assert.match(r.stderr, /cisa-kev cisa-kev\/known_exploited_vulnerabilities\.json: fetched/);
      assert.match(r.stdout, /changes: 0 package keys/);
    } finally {
      server.control.override.clear();
    }
  });
});
