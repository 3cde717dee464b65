/**
 * Writes src/versions/testdata/apk-pairs.tsv and apk-invalid.tsv with expectations from apk-tools:
 * `apk version -t A B` (prints <, = or >) and `apk version -c V...` (prints the invalid ones).
 *
 * The `apk` binary is taken from $APK, else from PATH: on Alpine it is the system's apk. Debian 12 has
 * no apk-tools package; there, build apk-tools from source and point $APK at it. Set $APK_DESCRIPTION
 * to say which apk-tools it is; it goes into the files' header.
 *
 * Versions come from the secfixes of ../shared/feeds/alpine-secdb (v3.3-v3.11), wolfi and chainguard,
 * plus hand-picked traps and derived neighbours.
 *
 * Run: APK=/path/to/apk node --import tsx scripts/versions/gen-apk.ts
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { feedsDir, type Pair, planPairs, testdataFile, writeTsv } from "./version-pairs.js";

const apk = process.env.APK ?? "apk";
const apkDescription = process.env.APK_DESCRIPTION ?? `\`${apk}\``;

interface SecDb {
  packages?: { pkg?: { name?: string; secfixes?: Record<string, unknown> | null } }[];
}

/** package -> secfixes versions, and every secdb file's versions keyed by where they came from. */
function harvest(): { groups: Map<string, Set<string>>; origin: Map<string, string> } {
  const files: string[] = [];
  const secdb = resolve(feedsDir, "alpine-secdb");
  for (const release of readdirSync(secdb)) {
    for (const f of readdirSync(resolve(secdb, release)))
      if (f.endsWith(".json")) files.push(resolve(secdb, release, f));
  }
  files.push(resolve(feedsDir, "wolfi/security.json"), resolve(feedsDir, "chainguard/security.json"));
  const groups = new Map<string, Set<string>>();
  const origin = new Map<string, string>();
  for (const file of files) {
    const db = JSON.parse(readFileSync(file, "utf8")) as SecDb;
    for (const { pkg } of db.packages ?? []) {
      if (pkg?.name === undefined || pkg.secfixes == null) continue;
      let set = groups.get(pkg.name);
      if (set === undefined) {
        set = new Set();
        groups.set(pkg.name, set);
      }
      for (const v of Object.keys(pkg.secfixes)) {
        set.add(v);
        if (!origin.has(v)) origin.set(v, `${file.slice(feedsDir.length + 1)} ${pkg.name}`);
      }
    }
  }
  return { groups, origin };
}

/** The versions `apk version -c` rejects (it prints each invalid one on its own line). */
function invalidSet(versions: readonly string[]): Set<string> {
  const bad = new Set<string>();
  for (let i = 0; i < versions.length; i += 500) {
    const r = spawnSync(apk, ["version", "-c", ...versions.slice(i, i + 500)], { encoding: "utf8" });
    if (r.error !== undefined) throw new Error(`cannot run ${apk}: ${r.error.message} (set $APK)`);
    for (const line of r.stdout.split("\n")) if (line !== "") bad.add(line);
  }
  return bad;
}

/** `apk version -t a b` for every pair, in one bash loop. */
function compareAll(pairs: readonly Pair[]): number[] {
  const script = `while IFS=$'\\t' read -r a b; do "$APK" version -t "$a" "$b"; done`;
  const input = `${pairs.map(([a, b]) => `${a}\t${b}`).join("\n")}\n`;
  const r = spawnSync("bash", ["-c", script], {
    input,
    encoding: "utf8",
    env: { ...process.env, APK: apk },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`apk version -t failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split("\n")
    .map((op, i) => {
      if (op === "<") return -1;
      if (op === "=") return 0;
      if (op === ">") return 1;
      throw new Error(`apk version -t ${pairs[i]?.join(" ")} printed ${JSON.stringify(op)}`);
    });
}

const TRICKY = [
  "0",
  "1",
  "1.0",
  "1.0.0",
  "1.00",
  "1.01",
  "1.05",
  "1.1",
  "1.10",
  "1.0a",
  "1.0b",
  "1.0z",
  "1.0_alpha",
  "1.0_alpha1",
  "1.0_alpha2",
  "1.0_beta",
  "1.0_beta1",
  "1.0_pre1",
  "1.0_rc1",
  "1.0_rc2",
  "1.0_rc10",
  "1.0_cvs",
  "1.0_svn",
  "1.0_git20230101",
  "1.0_hg",
  "1.0_p",
  "1.0_p1",
  "1.0_p2",
  "1.0_p10",
  "1.0_rc1_p1",
  "1.0_alpha_beta",
  "1.0-r0",
  "1.0-r1",
  "1.0-r10",
  "1.0a-r1",
  "1.0_rc1-r1",
  "1.0_p1-r0",
  "1.0~abc123",
  "1.0~abc124",
  "1.0~abc123-r1",
  "1.0.1_rc1",
  "1.0.1",
  "2",
  "2.0",
  "10.0",
  "20230101",
  "0.0_git20230101",
];

const EXTRA: Pair[] = [
  ["1.0", "1.0"],
  ["1.0", "1.0-r0"],
  ["1.0", "1.00"],
  ["1.0", "1.0.0"],
  ["01.0", "1.0"],
  ["1.05", "1.5"],
  ["1.050", "1.05"],
  ["1.0_p", "1.0_p0"],
  ["1.0_rc", "1.0_rc0"],
  ["1.0-r01", "1.0-r1"],
  ["1.0_alpha1", "1.0_alpha01"],
  ["99999999999999999", "99999999999999998"],
  ["1.99999999999999999", "1.100000000000000000"],
  ["1.0~a", "1.0~b"],
  ["1.0~ab", "1.0~a"],
  ["1.0a", "1.0.1"],
  ["1.0_p1", "1.0.1"],
  ["1.0_rc1", "1.0a"],
  ["1.0~abc", "1.0-r1"],
  ["1.0~abc", "1.0_p1"],
];

const INVALID = [
  "",
  "a",
  "a1.0",
  ".1",
  "1.",
  "1..0",
  "1.0.",
  "1.0A",
  "1.0ab",
  "1.0a1",
  "1.0a.1",
  "1.0_",
  "1.0_foo",
  "1.0_rc1.1",
  "1.0_RC1",
  "1.0-",
  "1.0-r",
  "1.0-1",
  "1.0-r1-r2",
  "1.0-r1_p1",
  "1.0-r1a",
  "1.0~",
  "1.0~xyz",
  "1.0~ABC",
  "1.0~abc~def",
  "1.0~abc_p1",
  "1.0-r1~abc",
  "1.0 ",
  " 1.0",
  "1.0+1",
  "1:1.0",
  "v1.0",
];

function mutate(v: string): string[] {
  const m = /^(.*?)(-r\d+)?$/.exec(v)!;
  const base = m[1]!;
  const rev = m[2] ?? "";
  const bumped = rev === "" ? "-r1" : `-r${Number(rev.slice(2)) + 1}`;
  return [
    `${base}_rc1${rev}`,
    `${base}_alpha${rev}`,
    `${base}_p1${rev}`,
    `${base}_git20230101${rev}`,
    `${base}.1${rev}`,
    `${base}a${rev}`,
    `${base}~deadbeef${rev}`,
    `${base}${bumped}`,
    base,
  ].filter((x) => x !== v);
}

const { groups, origin } = harvest();
const candidates = planPairs({
  groups: [...groups.values()].map((s) => [...s]),
  tricky: TRICKY,
  extra: EXTRA,
  mutate,
  samePackage: 900,
  crossPackage: 300,
  mutations: 500,
  seed: 20261128,
});
const harvested = [...new Set([...groups.values()].flatMap((s) => [...s]))];
const bad = invalidSet([...new Set([...candidates.flat(), ...harvested, ...INVALID])]);
const pairs = candidates.filter(([a, b]) => !bad.has(a) && !bad.has(b));
const expected = compareAll(pairs);
const header = `Generated by scripts/versions/gen-apk.ts with ${apkDescription}`;
writeTsv(
  testdataFile("apk-pairs.tsv"),
  [
    `${header}: \`apk version -t A B\`.`,
    "Columns: a, b, expected sign of compare(a, b) (-1, 0, 1). Do not edit: regenerate.",
  ],
  pairs.map(([a, b], i) => [a, b, String(expected[i])]),
);

const invalidRows: string[][] = [];
for (const v of INVALID) {
  if (!bad.has(v) && v !== "")
    throw new Error(`apk version -c accepts ${JSON.stringify(v)}: not an invalid version`);
  invalidRows.push([JSON.stringify(v), "hand-picked"]);
}
for (const v of harvested.filter((x) => bad.has(x)).sort())
  invalidRows.push([JSON.stringify(v), `secfixes key in ${origin.get(v)}`]);
writeTsv(
  testdataFile("apk-invalid.tsv"),
  [
    `${header}: versions \`apk version -c\` rejects (hand-picked ones, and real secfixes keys).`,
    "Columns: the version as a JSON string, where it comes from. Do not edit: regenerate.",
  ],
  invalidRows,
);
