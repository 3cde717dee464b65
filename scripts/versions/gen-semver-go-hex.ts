/**
 * Writes the reference expectations that the version-scheme tests read: src/versions/testdata/<scheme>-pairs.tsv,
 * one "a<TAB>b<TAB>expected" line per pair (expected is -1, 0 or 1 as the reference tool orders a and b).
 *
 * - semver: the `semver` npm package (`semver.compare`, loose for `=`-prefixed versions), on versions from
 *   the RustSec OSV export, the Node.js security WG advisories and real package-lock.json files in
 *   ../shared/feeds, plus hand-picked npm and crates.io versions.
 * - go: golang.org/x/mod/semver (`semver.Compare`) through scripts/versions/go-compare.go, on every version
 *   in the Go vulnerability database's OSV export plus hand-picked pseudo-versions and +incompatible ones.
 *   Needs Debian's golang-go and golang-golang-x-mod-dev.
 * - hex: Elixir's `Version.compare` through scripts/versions/hex-compare.exs. Needs Debian's elixir.
 *
 * Pairs are chosen deterministically (a seeded generator): neighbours in sorted order (the close calls),
 * equal spellings (prefixes, build metadata) and random pairs.
 *
 * Run from the repository root: node --import tsx scripts/versions/gen-semver-go-hex.ts
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { goScheme } from "../../src/versions/schemes/go.js";
import { semverScheme } from "../../src/versions/schemes/semver.js";
import type { VersionScheme } from "../../src/versions/types.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const feeds = path.resolve(repo, "../shared/feeds");
const testdata = path.join(repo, "src/versions/testdata");

type Pair = [string, string];

/** mulberry32: a small seeded generator, so that the chosen pairs are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every range event version in an OSV all.zip. */
function osvVersions(ecosystem: string): string[] {
  const text = execFileSync("unzip", ["-p", path.join(feeds, "osv", ecosystem, "all.zip")], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = new Set<string>();
  for (const m of text.matchAll(/"(?:introduced|fixed|last_affected)":\s*"([^"]+)"/g)) {
    if (m[1] !== "0") out.add(m[1]!);
  }
  return [...out];
}

/** Versions named in the Node.js security WG npm advisories' ranges. */
function npmAdvisoryVersions(): string[] {
  const dir = path.join(feeds, "nodejs-security-wg/vuln/npm");
  const out = new Set<string>();
  for (const name of readdirSync(dir)) {
    const record = JSON.parse(readFileSync(path.join(dir, name), "utf8")) as Record<string, unknown>;
    for (const field of ["vulnerable_versions", "patched_versions"]) {
      const range = record[field];
      if (typeof range !== "string") continue;
      for (const m of range.matchAll(/\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?/g))
        out.add(m[0]);
    }
  }
  return [...out];
}

/** The "version" of every package in the real package-lock.json files. */
function lockfileVersions(): string[] {
  const out = new Set<string>();
  for (const dir of ["npm-v1-legacy", "npm-v3-express-lodash"]) {
    const text = readFileSync(path.join(feeds, "artifacts/lockfiles", dir, "package-lock.json"), "utf8");
    for (const m of text.matchAll(/"version":\s*"([^"]+)"/g)) out.add(m[1]!);
  }
  return [...out];
}

const NPM_HAND = [
  // the SemVer 2.0.0 spec's own precedence example (https://semver.org/#spec-item-11)
  "1.0.0-alpha",
  "1.0.0-alpha.1",
  "1.0.0-alpha.beta",
  "1.0.0-beta",
  "1.0.0-beta.2",
  "1.0.0-beta.11",
  "1.0.0-rc.1",
  "1.0.0",
  // real npm and crates.io prereleases
  "1.0.0-rc.9",
  "1.0.0-rc.10",
  "1.0.0-0",
  "1.0.0-x.7.z.92",
  "1.0.0-A",
  "1.0.0-a",
  "1.0.0-Beta",
  "1.0.0--",
  "4.17.20",
  "4.17.21",
  "4.17.21-es",
  "18.3.0-next.0",
  "18.3.0-canary-3ff846d10-20230516",
  "19.0.0-rc-915b914b3a-20240515",
  "19.0.0-rc.1",
  "19.0.0-beta-26f2496093-20240514",
  "13.4.20-canary.0",
  "13.4.20-canary.10",
  "13.4.20-canary.9",
  "14.0.0",
  "5.0.0-dev.20230101",
  "5.0.0-beta",
  "5.0.0-rc",
  "4.9.0-beta",
  "2.0.0-next.5",
  "7.0.0-alpha.0",
  "0.0.0-experimental-3ff846d10",
  "0.4.0-alpha.3",
  "0.4.0-alpha.10",
  "0.4.0",
  "0.3.21",
  "1.0.0-alpha-a.b-c-somethinglong",
  "1.2.3----RC-SNAPSHOT.12.9.1--.12",
  "1.0.0-0A.is.legal",
  "10.20.30",
  "1.1.2-prerelease",
  "1.1.7",
  "2.0.0",
  "1.0.0-beta.0",
  "0.0.4",
  "1.2.3",
  "10.0.0-alpha.1",
  "2.0.0-beta.0",
  "2.0.0-beta.1",
  "3.0.0-rc.0",
];
const NPM_EQUAL: Pair[] = [
  ["v4.17.21", "4.17.21"],
  ["=4.17.21", "4.17.21"],
  ["=v1.0.0-rc.1", "1.0.0-rc.1"],
  ["1.0.0+build.1", "1.0.0"],
  ["1.0.0+20130313144700", "1.0.0+exp.sha.5114f85"],
  ["1.0.0-beta+exp.sha.5114f85", "1.0.0-beta"],
  ["2.0.0-rc.1+build.123", "2.0.0-rc.1"],
  ["1.0.0-alpha+001", "1.0.0-alpha"],
  ["v1.2.3+meta-valid", "=1.2.3"],
  ["1.2.3----R-S.12.9.1--.12+meta", "1.2.3----R-S.12.9.1--.12"],
  ["0.4.0-alpha.3+zstd.1.5.5", "0.4.0-alpha.3"],
];

const GO_HAND = [
  "v0.0.0-20191109021931-daa7c04131f5",
  "v0.0.0-20191109021932-aaaaaaaaaaaa",
  "v0.0.0-20200101000000-000000000000",
  "v1.2.3",
  "v1.2.4-0.20191109021931-daa7c04131f5",
  "v1.2.4",
  "v1.2.4-pre",
  "v1.2.3-pre",
  "v1.2.3-pre.0.20191109021931-daa7c04131f5",
  "v1.2.3-pre.1",
  "v2.0.0+incompatible",
  "v2.0.1+incompatible",
  "v2.0.0",
  "v2.0.0-20180818164646-67afb5ed74ec",
  "v17.12.0-ce-rc1.0.20200309214505-aa6a9891b09c+incompatible",
  "v20.10.24+incompatible",
  "v20.10.0-beta1+incompatible",
  "v1",
  "v1.2",
  "v0.1",
  "v1.0.0-rc.1",
  "v1.0.0-rc.10",
  "v1.0.0-rc.9",
  "v1.0.0-rc1",
  "v1.0.0-rc10",
  "v1.0.0-rc2",
  "v0.0.0",
  "v1.21.0-0",
  "v1.21.0-rc.1",
];
const GO_EQUAL: Pair[] = [
  ["v2.0.0+incompatible", "v2.0.0"],
  ["v1", "v1.0.0"],
  ["v1.2", "1.2.0"],
  ["1.2.3", "v1.2.3"],
  ["v3.2.1+incompatible", "3.2.1"],
  ["v0.0.0-20191109021931-daa7c04131f5", "0.0.0-20191109021931-daa7c04131f5"],
  ["v1.2.3-rc.1+build", "v1.2.3-rc.1"],
];

const HEX_HAND = [
  "1.7.0-rc.0",
  "1.7.0-rc.1",
  "1.7.0-rc.2",
  "1.7.0-rc.3",
  "1.7.0",
  "1.6.16",
  "1.7.14",
  "1.8.0-rc.0",
  "3.10.0",
  "3.10.3",
  "3.9.5",
  "1.14.2",
  "1.15.0",
  "1.4.0",
  "1.4.1",
  "0.1.0-dev",
  "0.1.0",
  "2.0.0-alpha.1",
  "2.0.0-alpha.10",
  "2.0.0-alpha.2",
  "2.0.0-beta.1",
  "2.0.0",
  "1.0.0-rc.1",
  "1.0.0",
  "1.0.0-0",
  "1.0.0-alpha",
  "1.0.0-alpha.beta",
  "1.0.0-beta.11",
  "1.0.0-beta.2",
  "0.20.0",
  "0.3.0",
  "1.0.0-rc.1+build.5",
  "0.36.0-rc.2",
  "26.2.0",
  "26.2.0-rc.1",
  "2.1.1",
  "1.12.0-otp-26",
];
const HEX_EQUAL: Pair[] = [
  ["1.0.0+build.1", "1.0.0"],
  ["1.0.0+a", "1.0.0+b"],
  ["1.7.0-rc.1+exp.sha.5114f85", "1.7.0-rc.1"],
];

/** Sorted neighbours, then `randomCount` random pairs, then the equal pairs; no pair twice. */
function choosePairs(
  versions: string[],
  compare: (a: string, b: string) => number,
  equal: Pair[],
  neighbourCount: number,
  randomCount: number,
  seed: number,
): Pair[] {
  const next = random(seed);
  const sorted = [...new Set(versions)].sort(compare);
  const seen = new Set<string>();
  const out: Pair[] = [];
  const add = (a: string, b: string): void => {
    const key = `${a}\t${b}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    // Half the pairs the other way round, so that expectations are not all -1.
    out.push(next() < 0.5 ? [a, b] : [b, a]);
  };
  const step = Math.max(1, Math.floor((sorted.length - 1) / neighbourCount));
  for (let i = 0; i + 1 < sorted.length && out.length < neighbourCount; i += step)
    add(sorted[i]!, sorted[i + 1]!);
  const target = out.length + randomCount;
  while (out.length < target) {
    add(sorted[Math.floor(next() * sorted.length)]!, sorted[Math.floor(next() * sorted.length)]!);
  }
  for (const [a, b] of equal) add(a, b);
  return out;
}

function schemeCompare(scheme: VersionScheme): (a: string, b: string) => number {
  return (a, b) => scheme.compareParsed(scheme.parse(a, scheme.name), scheme.parse(b, scheme.name));
}

function writeTsv(name: string, tool: string, lines: string[]): void {
  const header = [
    `# ${name} version pairs: a, b, and the reference order of a and b (-1, 0 or 1).`,
    `# Generated by scripts/versions/gen-semver-go-hex.ts with ${tool}. Do not edit by hand; re-run the script.`,
    "# a\tb\texpected",
  ];
  writeFileSync(path.join(testdata, `${name}-pairs.tsv`), `${[...header, ...lines].join("\n")}\n`);
  console.log(`${name}: ${lines.length} pairs`);
}

function runTool(command: string, args: string[], pairs: Pair[], env?: NodeJS.ProcessEnv): string[] {
  const output = execFileSync(command, args, {
    cwd: repo,
    input: pairs.map((p) => p.join("\t")).join("\n") + "\n",
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return output.trimEnd().split("\n");
}

function generateSemver(): void {
  // Numeric prerelease identifiers past 2^53 - 1 are left out: the `semver` package rounds them.
  const safe = (v: string): boolean => !/\d{16,}/.test(v);
  const versions = [
    ...osvVersions("crates.io"),
    ...npmAdvisoryVersions(),
    ...lockfileVersions(),
    ...NPM_HAND,
  ].filter((v) => semver.valid(v) !== null && safe(v));
  const pairs = choosePairs(versions, semver.compare, NPM_EQUAL, 260, 260, 20261126);
  const lines = pairs.map(([a, b]) => `${a}\t${b}\t${semver.compare(a, b, { loose: true })}`);
  const pkg = JSON.parse(readFileSync(path.join(repo, "node_modules/semver/package.json"), "utf8")) as {
    version: string;
  };
  writeTsv("semver", `the semver npm package ${pkg.version} (semver.compare)`, lines);
}

function generateGo(): void {
  // custom_ranges in ecosystem_specific carry upstream versions such as Docker's "19.03.0": not Go versions.
  const osv = osvVersions("Go").filter((v) => semver.valid(v) !== null);
  const next = random(7);
  // OSV leaves the "v" out; give it back to about half, as go.mod and go.sum write them.
  const versions = [...osv.map((v) => (next() < 0.5 ? v : `v${v}`)), ...GO_HAND];
  const pairs = choosePairs(versions, schemeCompare(goScheme), GO_EQUAL, 300, 300, 1109021931);
  const lines = runTool("go", ["run", "scripts/versions/go-compare.go"], pairs, {
    GO111MODULE: "off",
    GOPATH: "/usr/share/gocode",
  });
  const goVersion = execFileSync("go", ["version"], { encoding: "utf8" }).trim();
  // dpkg-query -W prints "name<TAB>version".
  const modVersion = execFileSync("dpkg-query", ["-W", "golang-golang-x-mod-dev"], { encoding: "utf8" })
    .trim()
    .split("\t")[1];
  writeTsv(
    "go",
    `golang.org/x/mod/semver.Compare (Debian golang-golang-x-mod-dev ${modVersion}, ${goVersion})`,
    lines,
  );
}

function generateHex(): void {
  const crates = osvVersions("crates.io").filter(
    (v) => /^\d/.test(v) && semver.valid(v) !== null && !/\d{16,}/.test(v),
  );
  const next = random(26);
  const sample = crates.filter(() => next() < 0.06);
  const pairs = choosePairs([...HEX_HAND, ...sample], schemeCompare(semverScheme), HEX_EQUAL, 50, 40, 170);
  const lines = runTool("elixir", ["scripts/versions/hex-compare.exs"], pairs);
  const version = execFileSync("elixir", ["--short-version"], { encoding: "utf8" }).trim();
  writeTsv("hex", `Elixir ${version} Version.compare/2`, lines);
}

generateSemver();
generateGo();
generateHex();
