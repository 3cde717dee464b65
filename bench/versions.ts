/**
 * bench/versions: how fast the version layer compares and sorts.
 *
 * - Sorting 100,000 real Debian versions (fixed versions from the DSA/DLA lists and installed versions
 *   from the dpkg status files in ../shared/feeds, sampled with replacement), against the floor of
 *   sorting the same strings with plain code-unit order in the same run. Target: under 1 s.
 * - Comparisons per second per scheme on the real-world pairs of src/versions/testdata/<scheme>-pairs.tsv:
 *   `compareVersions` (parses both sides every call) and pre-parsed `compareParsed`, against plain
 *   string comparison of the same pairs.
 *
 * Run: node --import tsx bench/versions.ts
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { compareVersions, schemeFor, sortVersions } from "../src/versions/index.js";

const repo = resolve(import.meta.dirname, "..");
const feeds = resolve(repo, "../shared/feeds");

function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}

function best<T>(runs: number, fn: () => T): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) min = Math.min(min, time(fn)[1]);
  return min;
}

/** CPU time (user + system) of the best of `runs`: what one core spends, however busy the machine is. */
function bestCpu<T>(runs: number, fn: () => T): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    min = Math.min(min, (c.user + c.system) / 1000);
  }
  return min;
}

function debianVersions(): string[] {
  const out = new Set<string>();
  for (const list of ["debian/security-tracker-data/DSA/list", "debian/security-tracker-data/DLA/list"]) {
    for (const m of readFileSync(resolve(feeds, list), "utf8").matchAll(/^\t\[\w+\] - \S+ ([0-9][^\s]*)/gm)) {
      out.add(m[1]!);
    }
  }
  for (const f of [
    "artifacts/dpkg/debian-bookworm-minbase.status",
    "artifacts/dpkg/debian-bullseye-minbase.status",
  ]) {
    for (const m of readFileSync(resolve(feeds, f), "utf8").matchAll(/^Version: (\S+)$/gm)) out.add(m[1]!);
  }
  return [...out];
}

/** Deterministic sample with replacement (xorshift), so each run sorts the same input. */
function sample(pool: string[], n: number): string[] {
  let x = 2463534242;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = pool[(x >>> 0) % pool.length]!;
  }
  return out;
}

const lines: string[] = [];
function say(s: string): void {
  lines.push(s);
  process.stdout.write(`${s}\n`);
}

const pool = debianVersions();
const input = sample(pool, 100_000);
const floor = best(5, () => [...input].sort());
const sorted = best(5, () => sortVersions("Debian", input));
const sortedCpu = bestCpu(5, () => sortVersions("Debian", input));
const floorCpu = bestCpu(5, () => [...input].sort());
const naive = best(1, () => [...input].sort((a, b) => compareVersions("Debian", a, b)));
say(`sort 100,000 Debian versions (${pool.length} distinct real versions, sampled)`);
say(`  code-unit sort (floor)      ${floor.toFixed(1)} ms`);
say(
  `  sortVersions (parse once)   ${sorted.toFixed(1)} ms   ${(sorted / floor).toFixed(1)}x floor   target < 1000 ms`,
);
say(`    CPU time on one core      ${sortedCpu.toFixed(1)} ms   (floor ${floorCpu.toFixed(1)} ms of CPU)`);
say(
  `  sort with compareVersions   ${naive.toFixed(1)} ms   ${(naive / floor).toFixed(1)}x floor (parses on every compare)`,
);

const testdata = resolve(repo, "src/versions/testdata");
const ecosystemOf: Record<string, string> = {
  dpkg: "Debian",
  rpm: "Red Hat",
  apk: "Alpine",
  semver: "npm",
  go: "Go",
  nuget: "NuGet",
  hex: "Hex",
  pub: "Pub",
  pep440: "PyPI",
  maven: "Maven",
  gem: "RubyGems",
  composer: "Packagist",
};
say("");
say("comparisons per second on each scheme's real-world pairs (src/versions/testdata)");
say("  scheme     pairs   string cmp/s   compareVersions/s (ratio)   compareParsed/s (ratio)");
for (const file of readdirSync(testdata)
  .filter((f) => f.endsWith("-pairs.tsv"))
  .sort()) {
  const name = file.replace(/-pairs\.tsv$/, "");
  const eco = ecosystemOf[name];
  if (eco === undefined) continue;
  const pairs = readFileSync(resolve(testdata, file), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => l.split("\t") as [string, string, string]);
  const scheme = schemeFor(eco);
  const valid = pairs.filter(([a, b]) => {
    try {
      scheme.parse(a, eco);
      scheme.parse(b, eco);
      return true;
    } catch {
      return false;
    }
  });
  const parsed = valid.map(([a, b]) => [scheme.parse(a, eco), scheme.parse(b, eco)] as const);
  const reps = Math.max(1, Math.ceil(200_000 / Math.max(1, valid.length)));
  const n = reps * valid.length;
  let sink = 0;
  const str = best(3, () => {
    for (let r = 0; r < reps; r++) for (const [a, b] of valid) sink += a < b ? -1 : a > b ? 1 : 0;
  });
  const full = best(3, () => {
    for (let r = 0; r < reps; r++) for (const [a, b] of valid) sink += compareVersions(eco, a, b);
  });
  const pre = best(3, () => {
    for (let r = 0; r < reps; r++) for (const [a, b] of parsed) sink += scheme.compareParsed(a, b);
  });
  const perSec = (ms: number) => Math.round((n / ms) * 1000);
  say(
    `  ${name.padEnd(9)} ${String(valid.length).padStart(6)}   ${perSec(str).toLocaleString("en").padStart(12)}   ` +
      `${perSec(full).toLocaleString("en").padStart(12)} (${(full / str).toFixed(1)}x)   ` +
      `${perSec(pre).toLocaleString("en").padStart(12)} (${(pre / str).toFixed(1)}x)`,
  );
  if (sink === 0.5) say("");
}
