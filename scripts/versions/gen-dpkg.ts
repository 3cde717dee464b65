/**
 * Writes src/versions/testdata/dpkg-pairs.tsv and dpkg-invalid.tsv with expectations from the real
 * `dpkg --compare-versions` (Debian's dpkg package must be installed; any Debian or Ubuntu has it).
 *
 * Versions come from the dpkg status files in ../shared/feeds/artifacts/dpkg/, the fixed versions of the
 * Debian security tracker's DSA and DLA lists, and a hand-picked list of known traps.
 *
 * Run: node --import tsx scripts/versions/gen-dpkg.ts
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { feedsDir, type Pair, planPairs, testdataFile, writeTsv } from "./version-pairs.js";

function dpkgVersion(): string {
  // `dpkg-query -W dpkg` prints "dpkg<TAB>version".
  const r = spawnSync("dpkg-query", ["-W", "dpkg"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error("dpkg is not installed: this generator needs the real dpkg");
  return r.stdout.trim().split("\t")[1] ?? "";
}

/**
 * dpkg's verdict on each version (compared with "0", which dpkg accepts silently): "ok", or its warning
 * or error message. One bash loop for all of them:
 * starting dpkg from bash is far cheaper than from node.
 */
function checkAll(versions: readonly string[]): Map<string, string> {
  const script = `while IFS= read -r v; do
    msg=$(dpkg --compare-versions -- "$v" eq 0 2>&1); rc=$?
    printf '%s\\t%s\\n' "$rc" "$(printf '%s' "$msg" | tr '\\n\\t' '  ')"
  done`;
  const lines = runBash(script, versions.join("\n"));
  return new Map(
    versions.map((v, i) => {
      const [rc, msg] = lines[i]!.split("\t") as [string, string];
      // Exit 0 or 1 is an answer (v = 0 or not); 2 is an error. A warning comes with an answer.
      return [v, (rc === "0" || rc === "1") && msg === "" ? "ok" : msg.replace(/^dpkg: /, "")];
    }),
  );
}

/** The sign of compare(a, b) for each pair, by `dpkg --compare-versions A lt B` then `A eq B`. */
function compareAll(pairs: readonly Pair[]): number[] {
  const script = `while IFS=$'\\t' read -r a b; do
    if dpkg --compare-versions -- "$a" lt "$b"; then echo -1
    elif dpkg --compare-versions -- "$a" eq "$b"; then echo 0
    else echo 1; fi
  done`;
  return runBash(script, pairs.map(([a, b]) => `${a}\t${b}`).join("\n")).map(Number);
}

function runBash(script: string, input: string): string[] {
  const r = spawnSync("bash", ["-c", script], { input: `${input}\n`, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bash loop failed: ${r.stderr}`);
  return r.stdout.split("\n").slice(0, -1);
}

/** package -> versions, from dpkg status files (Version, and the version in "Source: name (version)"). */
function harvestStatus(groups: Map<string, Set<string>>): void {
  const dir = resolve(feedsDir, "artifacts/dpkg");
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".status"))) {
    for (const stanza of readFileSync(resolve(dir, name), "utf8").split(/\n\n+/)) {
      const pkg = /^Package: (\S+)/m.exec(stanza)?.[1];
      const version = /^Version: (\S+)/m.exec(stanza)?.[1];
      if (pkg === undefined || version === undefined) continue;
      add(groups, pkg, version);
      const source = /^Source: (\S+) \((\S+)\)/m.exec(stanza);
      if (source !== null) add(groups, source[1]!, source[2]!);
    }
  }
}

/** package -> fixed versions, from the security tracker's `[release] - package version` lines. */
function harvestTracker(groups: Map<string, Set<string>>): void {
  for (const list of ["DSA", "DLA"]) {
    const text = readFileSync(resolve(feedsDir, "debian/security-tracker-data", list, "list"), "utf8");
    for (const m of text.matchAll(/^\t(?:\[[^\]]+\] )?- (\S+) ([0-9]\S*)/gm)) add(groups, m[1]!, m[2]!);
  }
}

function add(groups: Map<string, Set<string>>, pkg: string, version: string): void {
  let set = groups.get(pkg);
  if (set === undefined) {
    set = new Set();
    groups.set(pkg, set);
  }
  set.add(version);
}

const TRICKY = [
  "0",
  "0~",
  "0~~",
  "1.0",
  "1.0-0",
  "1.0-1",
  "1.0-1+b1",
  "1.0-1+deb12u1",
  "1.0-1~deb12u1",
  "1.0-1~bpo11+1",
  "1.0~rc1",
  "1.0~rc1-1",
  "1.0~~",
  "1.0~",
  "1.0+",
  "1.0a",
  "1.0.a",
  "1.0.0",
  "1.00",
  "1.0.dfsg-1",
  "1.0+dfsg-1",
  "1.0+dfsg1-1",
  "1.0.1",
  "1:0.9",
  "1:1.0",
  "2:1.0",
  "1:2.0~beta1-1",
  "1:2.0-1",
  "2.0~beta1",
  "2.0~beta2",
  "2.0~rc1",
  "2.0",
  "2.0+really1.9",
  "1.2.3-4ubuntu0.1",
  "1.2.3-4ubuntu0.22.04.1",
  "1.2.3-4build1",
  "10",
  "9",
  "1a",
  "1A",
  "1+",
  "1.",
  "1-1-1",
  "1:1:1",
  "20230101",
  "0.0.0+git20230101.abcdef-1",
  "4.14.5+94-ge49571868d-1",
  "102.9.0esr-1~deb11u1",
];

const EXTRA: Pair[] = [
  ["1.0", "1.0"],
  ["1.0", "1.0-0"],
  ["1.0", "1.00"],
  ["1.0", "1.000-0"],
  ["0:1.0", "1.0"],
  ["00:1.0", "0:1.0"],
  ["+1:1.0", "1:1.0"],
  ["1.0", " 1.0 "],
  ["1.0~", "1.0"],
  ["1.0~~", "1.0~"],
  ["1.0~~a", "1.0~~"],
  ["1.0+", "1.0"],
  ["1.0.", "1.0"],
  ["1.0a", "1.0+"],
  ["1.0-a", "1.0-"],
  ["1.2.3-1", "1.2.3-1.1"],
  ["1:1.0", "2.0"],
  ["2147483647:1", "2147483646:9"],
  ["1.0-00001", "1.0-1"],
  ["99999999999999999999", "99999999999999999998"],
  ["1.99999999999999999999", "1.100000000000000000000"],
];

const INVALID = [
  " ",
  "1.0 1",
  "1.0-",
  "1:",
  ":1.0",
  "a:1.0",
  "0x1:1.0",
  "-1:1.0",
  "1.0:",
  "2147483648:1.0",
  "99999999999:1.0",
  "1:-1",
  "-1",
  "a1.0",
  "~1.0",
  ".1",
  "1.0_1",
  "1.0/1",
  "1.0@1",
  "1.0é",
  "1.0-1_1",
  "1.0-1:1",
  "1.0-1/2",
  "1,0",
  "1.0\t1",
];

function mutate(v: string): string[] {
  const hasEpoch = v.includes(":");
  const out = [
    `${v}+b1`,
    `${v}~deb12u1`,
    `${v}+deb12u1`,
    `${v}~bpo11+1`,
    `${v}.1`,
    `${v}~`,
    `${v}a`,
    `${v}0`,
  ];
  if (!hasEpoch) out.push(`1:${v}`);
  if (!v.includes("-")) out.push(`${v}-1`, `${v}~rc1`, `${v}~rc1-1`);
  return out;
}

const groups = new Map<string, Set<string>>();
harvestStatus(groups);
harvestTracker(groups);
const pairs = planPairs({
  groups: [...groups.values()].map((s) => [...s]),
  tricky: TRICKY,
  extra: EXTRA,
  mutate,
  samePackage: 900,
  crossPackage: 300,
  mutations: 500,
  seed: 20261126,
});

const verdicts = checkAll([...new Set([...pairs.flat(), ...INVALID])]);
const verdict = (v: string): string => verdicts.get(v)!;
const good = pairs.filter((pair) => pair.every((v) => verdict(v) === "ok"));
for (const v of new Set(pairs.flat())) {
  if (verdict(v) !== "ok") console.log(`not in a pair (dpkg complains): ${JSON.stringify(v)}: ${verdict(v)}`);
}
const expected = compareAll(good);
const rows = good.map(([a, b], i) => [a, b, String(expected[i])]);

const version = dpkgVersion();
const header = [
  `Generated by scripts/versions/gen-dpkg.ts with dpkg ${version} (\`dpkg --compare-versions A lt|eq B\`).`,
  "Columns: a, b, expected sign of compare(a, b) (-1, 0, 1). Do not edit: regenerate.",
];
writeTsv(testdataFile("dpkg-pairs.tsv"), header, rows);

const invalidRows = INVALID.map((v) => {
  const msg = verdict(v);
  if (msg === "ok")
    throw new Error(`dpkg accepts ${JSON.stringify(v)}: it does not belong in the invalid list`);
  return [JSON.stringify(v), msg];
});
writeTsv(
  testdataFile("dpkg-invalid.tsv"),
  [
    `Generated by scripts/versions/gen-dpkg.ts with dpkg ${version}: versions dpkg --compare-versions rejects (error) or warns about.`,
    "Columns: the version as a JSON string, dpkg's message. Do not edit: regenerate.",
  ],
  invalidRows,
);
