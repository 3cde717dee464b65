/**
 * Vulnerability database benchmark: `node --import tsx bench/db.ts`.
 *
 * Each measurement runs in its own child process (peak RSS from process.resourceUsage().maxRSS):
 * - baseline: the OSV zips of ../shared/feeds read with yauzl and JSON.parse'd, nothing stored;
 * - storage: the same OSV records, read beforehand, written to a new database (VulnDbWriter alone);
 * - osv-import: the same zips through detectFeeds/readFeed into a new database (importFeeds);
 * - full-import: every feed in ../shared/feeds;
 * then, in this process, look-ups of one package key (advisoriesFor) against a raw prepared statement.
 * Prints ratios against the baselines; `--write` records the results in docs/performance.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import yauzl from "yauzl";
import type { FeedItem } from "../src/intel/feed.js";

const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));
const FEEDS = resolve(REPO, "../shared/feeds");
const OSV_ZIPS = ["PyPI", "Go", "crates.io"].map((e) => join(FEEDS, "osv", e, "all.zip"));
const HEADING = "## Vulnerability database (bench/db)";

interface ChildResult {
  records: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
  dbBytes?: number;
}

async function childMain(mode: string, dbPath: string): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let records = 0;
  if (mode === "baseline") {
    for (const zip of OSV_ZIPS) records += await parseZip(zip);
  } else if (mode === "storage") {
    // The OSV records are read first (not timed); only the database build is measured.
    const { detectFeeds, readFeed } = await import("../src/intel/feeds/index.js");
    const { VulnDbWriter } = await import("../src/intel/db/writer.js");
    const items: FeedItem[] = [];
    for (const zip of OSV_ZIPS)
      for (const f of await detectFeeds(zip)) for await (const i of readFeed(f)) items.push(i);
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const writer = new VulnDbWriter(dbPath);
    for (const item of items) writer.add(item);
    writer.finish({ vigilVersion: "bench", builtAt: new Date().toISOString() });
    const cpu = process.cpuUsage(cpuStart);
    const result: ChildResult = {
      records: items.length,
      seconds: (performance.now() - start) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      dbBytes: statSync(dbPath).size,
    };
    process.stdout.write(JSON.stringify(result));
    return;
  } else {
    const { importFeeds } = await import("../src/intel/import.js");
    const inputs = mode === "osv-import" ? OSV_ZIPS : [FEEDS];
    records = (await importFeeds(inputs, { db: dbPath })).records;
  }
  const cpu = process.cpuUsage(cpu0);
  const result: ChildResult = {
    records,
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  if (mode !== "baseline") result.dbBytes = statSync(dbPath).size;
  process.stdout.write(JSON.stringify(result));
}

/** Reads every .json entry of a zip (from memory) and JSON.parses it: the cost of the input alone. */
function parseZip(path: string): Promise<number> {
  return new Promise((res, rej) => {
    yauzl.fromBuffer(readFileSync(path), { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return rej(err);
      let n = 0;
      zip.on("entry", (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith(".json")) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return rej(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            JSON.parse(Buffer.concat(chunks).toString("utf8"));
            n++;
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => res(n));
      zip.on("error", rej);
      zip.readEntry();
    });
  });
}

function runChild(mode: string, dbPath: string): ChildResult {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", mode, dbPath],
    {
      cwd: REPO,
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`bench child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function timeLookups(f: () => unknown, n: number): { median: number; p99: number } {
  for (let i = 0; i < 200; i++) f();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-db-"));
  try {
    const baseline = runChild("baseline", "");
    const storage = runChild("storage", join(dir, "storage.db"));
    const osv = runChild("osv-import", join(dir, "osv.db"));
    const full = runChild("full-import", join(dir, "full.db"));

    const { openVulnDb } = await import("../src/intel/db/reader.js");
    const db = openVulnDb(join(dir, "full.db"));
    const typicalKey: [string, string] = ["PyPI", "requests"];
    const typicalFound = db.advisoriesFor(...typicalKey).length;
    const typical = timeLookups(() => db.advisoriesFor(...typicalKey), 10_000);
    const key: [string, string] = ["PyPI", "django"];
    const found = db.advisoriesFor(...key).length;
    const lookup = timeLookups(() => db.advisoriesFor(...key), 10_000);
    const miss = timeLookups(() => db.advisoriesFor("npm", "no-such-package"), 10_000);
    db.close();
    const raw = new Database(join(dir, "full.db"), { readonly: true });
    const stmt = raw.prepare("SELECT json FROM advisories WHERE id = ?").pluck();
    const rawLookup = timeLookups(() => stmt.get("PYSEC-2021-1"), 10_000);
    raw.close();

    const rate = (r: ChildResult) => r.records / r.seconds;
    const lines = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}, ` +
        "on a shared 2-core machine (wall times vary with load; CPU seconds are steadier).",
      "",
      "| measurement | records | wall s | CPU s | records/s (wall) | peak RSS MiB | db size MiB |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      row("baseline: OSV zips, yauzl + JSON.parse, no storage", baseline),
      row("storage only: the same OSV records (read beforehand) -> database", storage),
      row("OSV zips (PyPI, Go, crates.io) -> database (read + store)", osv),
      row("every feed in ../shared/feeds -> database", full),
      "",
      `- OSV import vs the raw zip+parse baseline: ${(rate(osv) / rate(baseline)).toFixed(2)}x the throughput ` +
        `(CPU per record ${(osv.cpuSeconds / osv.records / (baseline.cpuSeconds / baseline.records)).toFixed(2)}x).`,
      `- Storage alone vs the raw zip+parse baseline: ${(rate(storage) / rate(baseline)).toFixed(2)}x the throughput ` +
        `(${Math.round(storage.records / storage.cpuSeconds)} records per CPU second; the rest of an import is the feed readers).`,
      `- Look-up of one typical package key, advisoriesFor("PyPI", "requests") -> ${typicalFound} advisories, 10,000 times: ` +
        `median ${(typical.median * 1000).toFixed(1)} µs, p99 ${(typical.p99 * 1000).toFixed(1)} µs.`,
      `- Look-up of a heavy package key, advisoriesFor("PyPI", "django") -> ${found} advisories, 10,000 times: ` +
        `median ${(lookup.median * 1000).toFixed(1)} µs, p99 ${(lookup.p99 * 1000).toFixed(1)} µs ` +
        `(${(lookup.median / rawLookup.median).toFixed(1)}x a raw prepared SELECT of one advisory by id, median ${(rawLookup.median * 1000).toFixed(1)} µs).`,
      `- Look-up of a key with no advisories: median ${(miss.median * 1000).toFixed(1)} µs, p99 ${(miss.p99 * 1000).toFixed(1)} µs.`,
    ];
    const text = lines.join("\n");
    process.stdout.write(`${HEADING}\n\n${text}\n`);
    if (process.argv.includes("--write")) writeSection(text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(name: string, r: ChildResult): string {
  return `| ${name} | ${r.records} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${Math.round(r.records / r.seconds)} | ${r.maxRssMiB.toFixed(0)} | ${r.dbBytes === undefined ? "-" : (r.dbBytes / 1048576).toFixed(1)} |`;
}

/** Replaces (or appends) this benchmark's section of docs/performance.md, leaving the others alone. */
function writeSection(body: string): void {
  const path = join(REPO, "docs", "performance.md");
  let doc: string;
  try {
    doc = readFileSync(path, "utf8");
  } catch {
    doc = "# Performance\n";
  }
  const section = `${HEADING}\n\n${body}\n`;
  const start = doc.indexOf(HEADING);
  if (start < 0) {
    doc = `${doc.trimEnd()}\n\n${section}`;
  } else {
    const nextHeading = doc.indexOf("\n## ", start + HEADING.length);
    doc = doc.slice(0, start) + section + (nextHeading < 0 ? "" : doc.slice(nextHeading));
  }
  writeFileSync(path, doc);
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) await childMain(process.argv[childAt + 1]!, process.argv[childAt + 2] ?? "");
else await main();
