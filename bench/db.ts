/**
 * Vulnerability database benchmark: `node --import tsx bench/db.ts`.
 *
 * Each measurement runs in its own child process (peak RSS from process.resourceUsage().maxRSS); the
 * OSV ones run RUNS times and the median CPU time is kept (the machine is shared: one run can be slowed):
 * - baseline: the OSV zips of ../shared/feeds, each entry inflated and JSON.parse'd, nothing else: the
 *   central directory walked by hand, one inflateRawSync per entry: the floor for any OSV reader;
 * - storage: the same OSV records, read beforehand, written to a new database (VulnDbWriter alone);
 * - osv-import: the same zips through detectFeeds/readFeed into a new database (importFeeds);
 * - baseline-warm, osv-import-warm: the same after one untimed pass in the same process (steady state);
 * - full-import: every feed in ../shared/feeds;
 * then, in this process, look-ups of one package key (advisoriesFor) against a raw prepared statement.
 * Prints records per CPU second and ratios against the baseline; `--write` records the results in
 * docs/performance.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import Database from "better-sqlite3";
import type { FeedItem } from "../src/intel/feed.js";

const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));
const FEEDS = resolve(REPO, "../shared/feeds");
const OSV_ZIPS = ["PyPI", "Go", "crates.io"].map((e) => join(FEEDS, "osv", e, "all.zip"));
const HEADING = "## Vulnerability database (bench/db)";
/** Runs of each OSV measurement (the median CPU time is reported). */
const RUNS = 3;
/**
 * The OSV import before the feed readers were rewritten (yauzl streams per entry, a zod schema per
 * record, fs/promises reads): the tree of commit 51db1cd run with this benchmark on 2026-11-26, for the
 * before/after line. CPU seconds depend on the machine's load, so the before/after is told as the cost
 * per record relative to the baseline of the same run, and by one measurement of the old and the new
 * tree run alternately under the same load (`interleaved`, medians of 3 cold runs each).
 */
const BEFORE = {
  date: "2026-11-26",
  cpuSeconds: 2.37,
  baselineCpuSeconds: 0.38,
  warmCpuSeconds: 1.45,
  interleaved: { before: 3.41, after: 2.01 },
};

interface ChildResult {
  records: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
  dbBytes?: number;
}

async function childMain(mode: string, dbPath: string): Promise<void> {
  // Modules are loaded before the clocks start: the CLI loads them once, and here tsx would also
  // compile them; what is measured is the work per record (JIT warm-up included).
  const { importFeeds } = await import("../src/intel/import.js");
  // "-warm": the same work done once before the clocks start, so that the run measures compiled code,
  // as the bulk of a feed of hundreds of thousands of records does.
  const warm = mode.endsWith("-warm");
  if (warm) {
    if (mode.startsWith("baseline")) for (const zip of OSV_ZIPS) parseZip(zip);
    else {
      await importFeeds(OSV_ZIPS, { db: `${dbPath}.warm-up` });
      rmSync(`${dbPath}.warm-up`);
    }
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let records = 0;
  if (mode.startsWith("baseline")) {
    for (const zip of OSV_ZIPS) records += parseZip(zip);
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
    const inputs = mode.startsWith("osv-import") ? OSV_ZIPS : [FEEDS];
    records = (await importFeeds(inputs, { db: dbPath })).records;
  }
  const cpu = process.cpuUsage(cpu0);
  const result: ChildResult = {
    records,
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  if (!mode.startsWith("baseline")) result.dbBytes = statSync(dbPath).size;
  process.stdout.write(JSON.stringify(result));
}

/**
 * Inflates and JSON.parses every .json entry of a zip read into memory: the cost of the input alone.
 * The central directory is walked by hand (no zip library) and each entry inflated in one call into a
 * buffer of its size.
 */
function parseZip(path: string): number {
  const zip = readFileSync(path);
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  let n = 0;
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const uncompressed = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (!name.endsWith(".json")) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    const bytes = method === 0 ? raw : inflateRawSync(raw, { chunkSize: Math.max(64, uncompressed + 1) });
    JSON.parse(bytes.toString("utf8"));
    n++;
  }
  return n;
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

/** Runs a measurement `runs` times: the run with the median CPU time, with the highest peak RSS. */
function runMedian(mode: string, dbPath: string, runs: number): ChildResult {
  const results: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(dbPath, { force: true });
    results.push(runChild(mode, dbPath));
  }
  results.sort((a, b) => a.cpuSeconds - b.cpuSeconds);
  const median = results[Math.floor(results.length / 2)]!;
  return { ...median, maxRssMiB: Math.max(...results.map((r) => r.maxRssMiB)) };
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
    const baseline = runMedian("baseline", join(dir, "none.db"), RUNS);
    const storage = runMedian("storage", join(dir, "storage.db"), RUNS);
    const osv = runMedian("osv-import", join(dir, "osv.db"), RUNS);
    const baselineWarm = runMedian("baseline-warm", join(dir, "none.db"), RUNS);
    const osvWarm = runMedian("osv-import-warm", join(dir, "osv-warm.db"), RUNS);
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

    const perCpu = (r: ChildResult) => r.records / r.cpuSeconds;
    const lines = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}, ` +
        "on a shared 2-core machine (wall times vary with load; CPU seconds are steadier). " +
        `OSV rows: median of ${RUNS} runs by CPU time; every run is a fresh process (JIT warm-up included, module loading not timed).`,
      "",
      "| measurement | records | wall s | CPU s | records per CPU s | records/s (wall) | peak RSS MiB | db size MiB |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      row("baseline: OSV zips, inflate + JSON.parse only, no reader, no storage", baseline),
      row("storage only: the same OSV records (read beforehand) -> database", storage),
      row("OSV zips (PyPI, Go, crates.io) -> database (read + store)", osv),
      row("baseline, warm (after one untimed pass in the same process)", baselineWarm),
      row("OSV import, warm (after one untimed import in the same process)", osvWarm),
      row("every feed in ../shared/feeds -> database", full),
      "",
      `- OSV import: ${Math.round(perCpu(osv))} records per CPU second, against ${Math.round(perCpu(baseline))} for the raw ` +
        `inflate + JSON.parse baseline: the import costs ${(osv.cpuSeconds / osv.records / (baseline.cpuSeconds / baseline.records)).toFixed(2)}x ` +
        "the baseline's CPU per record (reading, checking, normalising and storing included). " +
        `Warm (the steady state of a big feed): ${Math.round(perCpu(osvWarm))} against ${Math.round(perCpu(baselineWarm))}, ` +
        `${(osvWarm.cpuSeconds / osvWarm.records / (baselineWarm.cpuSeconds / baselineWarm.records)).toFixed(2)}x.`,
      `- Before/after: before the reader rewrite (${BEFORE.date}) the OSV import cost ` +
        `${(BEFORE.cpuSeconds / BEFORE.baselineCpuSeconds).toFixed(2)}x its baseline's CPU per record ` +
        `(${BEFORE.cpuSeconds.toFixed(2)} CPU s against ${BEFORE.baselineCpuSeconds.toFixed(2)}; warm ${BEFORE.warmCpuSeconds.toFixed(2)} CPU s), ` +
        `now ${(osv.cpuSeconds / baseline.cpuSeconds).toFixed(2)}x. The old and new trees run alternately under the same load: ` +
        `${BEFORE.interleaved.before.toFixed(2)} -> ${BEFORE.interleaved.after.toFixed(2)} CPU s ` +
        `(${(BEFORE.interleaved.before / BEFORE.interleaved.after).toFixed(1)}x fewer).`,
      `- Storage alone: ${Math.round(perCpu(storage))} records per CPU second (database build, alias groups, indexes included).`,
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
  return `| ${name} | ${r.records} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${Math.round(r.records / r.cpuSeconds)} | ${Math.round(r.records / r.seconds)} | ${r.maxRssMiB.toFixed(0)} | ${r.dbBytes === undefined ? "-" : (r.dbBytes / 1048576).toFixed(1)} |`;
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
