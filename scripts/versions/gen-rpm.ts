/**
 * Writes src/versions/testdata/rpm-pairs.tsv with expectations from rpm's own comparison: python3's
 * `rpm` module (Debian package python3-rpm) splits each EVR with `rpm.ver` (rpmverParse) and orders the
 * triples with `rpm.labelCompare`, the function yum and dnf plugins use.
 *
 * There is no RPM feed in ../shared/feeds, so the inputs are real EVRs of RHEL, AlmaLinux, Rocky, Fedora,
 * SUSE, Amazon Linux, Oracle Linux, Mageia, openEuler and Photon packages (below), plus derived
 * neighbours (pre-release "~", post-release "^", release bumps, epochs).
 *
 * Run: node --import tsx scripts/versions/gen-rpm.ts   (needs /usr/bin/python3 with python3-rpm)
 */
import { spawnSync } from "node:child_process";
import { type Pair, planPairs, testdataFile, writeTsv } from "./version-pairs.js";

/** package -> EVRs as the distributions publish them. */
const REAL: Record<string, string[]> = {
  openssl: [
    "1:1.1.1k-7.el8_6",
    "1:1.1.1k-9.el8_7",
    "1:1.1.1k-12.el8_9",
    "1:1.1.1g-15.el8_3",
    "1:3.0.1-43.el9_0",
    "1:3.0.7-16.el9_2",
    "1:3.0.7-27.el9",
    "1:3.0.7-24.el9",
    "1.0.2k-19.el7",
    "1.0.2k-26.el7_9",
    "1:3.0.8-1.amzn2023.0.3",
    "3.0.8-150500.5.8.1",
    "1.1.1l-150400.7.28.1",
  ],
  kernel: [
    "4.18.0-372.9.1.el8",
    "4.18.0-372.26.1.el8_6",
    "4.18.0-425.3.1.el8",
    "4.18.0-477.10.1.el8_8",
    "4.18.0-513.5.1.el8_9",
    "5.14.0-70.13.1.el9_0",
    "5.14.0-284.11.1.el9_2",
    "5.14.0-362.8.1.el9_3",
    "3.10.0-1160.el7",
    "3.10.0-1160.102.1.el7",
    "5.10.184-175.731.amzn2",
    "6.1.34-59.116.amzn2023",
    "5.14.21-150500.55.19.1",
    "6.4.0-150600.21.3",
  ],
  glibc: [
    "2.28-189.el8",
    "2.28-211.el8",
    "2.28-225.el8_8.6",
    "2.34-28.el9_0",
    "0:2.34-60.el9",
    "2.34-83.el9_3.7",
    "2.17-326.el7_9",
    "2.17-326.el7_9.3",
    "2.31-150300.63.1",
    "2.38-16.fc39",
  ],
  python3: [
    "3.6.8-45.el8_7.1",
    "3.6.8-51.el8_8.2",
    "3.6.8-56.el8_9.3",
    "3.9.16-1.el9_2.1",
    "3.9.18-1.el9_3.1",
    "3.11.7-1.el9",
    "3.12.0~rc1-1.fc39",
    "3.12.0-1.fc39",
    "3.12.0~b4-1.fc39",
  ],
  curl: [
    "7.61.1-22.el8",
    "7.61.1-30.el8_8.3",
    "7.76.1-19.el9",
    "7.76.1-26.el9_3.2",
    "8.0.1-1.amzn2023",
    "8.0.1-150400.5.26.1",
  ],
  bash: ["4.4.20-4.el8_6", "5.1.8-6.el9_1", "5.1.8-9.el9", "4.2.46-35.el7_9"],
  systemd: [
    "239-68.el8_7.4",
    "239-78.el8",
    "252-14.el9_2.3",
    "252-18.el9",
    "249.16-150400.8.35.1",
    "219-78.el7_9.7",
  ],
  sudo: ["1.8.29-8.el8", "1.9.5p2-9.el9", "1.9.5p2-10.el9_3", "1.9.5p2-1.el9", "1.9.12p1-150500.7.3.1"],
  vim: ["2:8.0.1763-19.el8_6.4", "2:8.2.2637-20.el9_1", "2:9.0.1894-1.fc39", "9.0.1572-150000.5.46.1"],
  "java-11-openjdk": [
    "1:11.0.20.0.8-1.el8",
    "1:11.0.21.0.9-2.el8",
    "1:11.0.20.1.1-2.el9",
    "11.0.20.1-150000.3.102.1",
  ],
  nodejs: [
    "1:16.20.2-1.module+el8.8.0+19745+f4f46dd5",
    "1:18.18.2-1.module+el8.9.0+20473+c4e3d824",
    "1:20.9.0-1.module+el9.3.0+20602+6658c1d6",
  ],
  "perl-libs": ["4:5.26.3-421.el8", "4:5.32.1-480.el9", "4:5.26.3-422.el8"],
  firefox: ["115.4.0-1.el8_8", "115.5.0-1.el9_3", "115.3.1-1.el9_2", "102.15.1-1.el8_8"],
  grub2: ["1:2.02-142.el8", "1:2.06-61.el9", "1:2.06-70.el9_3.1", "2.06-150500.29.8.1"],
  libxml2: ["2.9.7-16.el8_8.1", "2.9.13-5.el9_2", "2.9.14-150400.5.25.1", "2.10.4-1.fc38"],
  zlib: ["1.2.11-40.el9", "1.2.11-20.el8_7", "1.2.13-150500.4.3.1", "1.2.13-3.fc38"],
  "rpm-ostree": ["2023.8-2.el9", "2023.10-1.fc39", "2022.10.117.g52714db4-4.el8"],
  "golang-github-foo": [
    "0^20230101git1234abc-1.fc39",
    "0^20230801gitdeadbee-1.fc39",
    "1.0~rc1-1.fc39",
    "1.0^post1-1.fc39",
  ],
  "ca-certificates": ["2023.2.60_v7.0.306-90.1.el9_2", "2022.2.54-90.2.el9_0", "2020.2.50-80.0.el8_2"],
  tzdata: ["2023c-1.el9", "2023c-1.el8", "2022g-1.el9_1", "2024a-1.el9", "2023c-150000.3.91.1"],
  mageia: ["2.28-19.1.mga9", "2.36-1.mga9", "1.1.1q-1.1.mga8"],
  openeuler: ["2.34-125.oe2203sp2", "2.34-148.oe2203sp3", "1.1.1m-20.oe2203"],
  photon: ["3.0.9-5.ph5", "1.1.1t-1.ph4", "3.0.12-1.ph5"],
  azurelinux: ["1.1.1k-29.cm2", "3.3.0-1.azl3", "1.1.1k-31.cm2"],
  oracle: ["1:1.1.1k-9.0.1.el8_7", "2.28-225.0.4.el8_8.6", "5.4.17-2136.324.5.3.el8uek"],
};

const TRICKY = [
  "1.0",
  "1.0-1",
  "0:1.0-1",
  "1:1.0-1",
  "1.0~rc1",
  "1.0~rc1-1",
  "1.0~~",
  "1.0~",
  "1.0^",
  "1.0^post1",
  "1.0^post1-1",
  "1.0^post1~rc1",
  "1.0.1",
  "1.0a",
  "1.0.a",
  "1.00",
  "1.01",
  "1.0_1",
  "1.0+1",
  "1_0",
  "a",
  "1a",
  "10",
  "9",
  "2.0",
  "2.0b",
  "2.0.b",
  "2.0-1.el8",
  "2.0-1.el8_6",
  "2.0-1.el8.1",
  "2.0-10.el8",
  "2.0-1.fc39",
];

const EXTRA: Pair[] = [
  ["1.0", "1.0"],
  ["1.0-1", "1.0-1"],
  ["0:1.0-1", "1.0-1"],
  ["00:1.0", "0:1.0"],
  ["1.0", "1.0-1"],
  ["1.0-1", "1.0"],
  ["1.0", "1.00"],
  ["1.0", "1.0."],
  ["1.0", "1_0"],
  ["1.0", "1..0"],
  ["1.01", "1.1"],
  ["1.001", "1.1"],
  ["1.0a", "1.0"],
  ["1.0a", "1.0.1"],
  ["1.0~rc1", "1.0"],
  ["1.0^post1", "1.0"],
  ["1.0^post1", "1.0.1"],
  ["1.0^", "1.0"],
  ["1.0~", "1.0^"],
  ["99999999999999999999", "99999999999999999998"],
  ["1.99999999999999999999", "1.100000000000000000000"],
  ["5.14.0-284.11.1.el9_2", "5.14.0-284.11.1.el9"],
  ["1:1.1.1k-7.el8_6", "1.1.1k-7.el8_6"],
  ["2.0-1.el8", "2.0-1.el8_6"],
  ["abc", "abd"],
  ["Z", "a"],
];

function mutate(evr: string): string[] {
  const colon = evr.indexOf(":");
  const epoch = colon >= 0 ? evr.slice(0, colon + 1) : "";
  const rest = evr.slice(colon + 1);
  const hyphen = rest.lastIndexOf("-");
  const version = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const release = hyphen >= 0 ? rest.slice(hyphen + 1) : "";
  const withRelease = (v: string, r: string): string => `${epoch}${v}${r === "" ? "" : `-${r}`}`;
  const out = [
    withRelease(`${version}~rc1`, release),
    withRelease(`${version}^git20230101.abc1234`, release),
    withRelease(`${version}.1`, release),
    withRelease(`${version}a`, release),
    withRelease(version, `${release}.1`),
    withRelease(
      version,
      release.replace(/\d+/, (d) => String(Number(d) + 1)),
    ),
    withRelease(version, release.replace(/(el\d+)(?!_)/, "$1_9")),
    `${version}${release === "" ? "" : `-${release}`}`,
    `1:${version}${release === "" ? "" : `-${release}`}`,
    `${epoch}${version}`,
  ];
  return out.filter((v) => v !== evr && !v.endsWith("-"));
}

/** Runs rpm.labelCompare on each pair in one python process. */
function compareAll(pairs: readonly Pair[]): number[] {
  const program = [
    "import sys, rpm",
    "for line in sys.stdin.read().split('\\n')[:-1]:",
    "    a, b = line.split('\\t')",
    "    x, y = rpm.ver(a), rpm.ver(b)",
    "    print(rpm.labelCompare((x.e, x.v, x.r), (y.e, y.v, y.r)))",
  ].join("\n");
  const input = `${pairs.map(([a, b]) => `${a}\t${b}`).join("\n")}\n`;
  const r = spawnSync("/usr/bin/python3", ["-c", program], { input, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0)
    throw new Error(`python3 rpm.labelCompare failed (is python3-rpm installed?): ${r.stderr}`);
  return r.stdout.trim().split("\n").map(Number);
}

function rpmVersion(): string {
  const r = spawnSync("/usr/bin/python3", ["-c", "import rpm; print(rpm.__version__)"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3-rpm is not installed: ${r.stderr}`);
  // `dpkg-query -W python3-rpm` prints "python3-rpm<TAB>version".
  const pkg = spawnSync("dpkg-query", ["-W", "python3-rpm"], { encoding: "utf8" });
  return `${r.stdout.trim()} (Debian python3-rpm ${pkg.stdout.trim().split("\t")[1] ?? "?"})`;
}

const pairs = planPairs({
  groups: Object.values(REAL),
  tricky: TRICKY,
  extra: EXTRA,
  mutate,
  samePackage: 500,
  crossPackage: 200,
  mutations: 500,
  seed: 20261127,
});
const expected = compareAll(pairs);
writeTsv(
  testdataFile("rpm-pairs.tsv"),
  [
    `Generated by scripts/versions/gen-rpm.ts with rpm ${rpmVersion()}: rpm.labelCompare on rpm.ver(a), rpm.ver(b).`,
    "Columns: a, b, expected sign of compare(a, b) (-1, 0, 1). Do not edit: regenerate.",
  ],
  pairs.map(([a, b], i) => [a, b, String(Math.sign(expected[i]!))]),
);
