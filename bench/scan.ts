/**
 * bench/scan: `vigil scan` of the image archives in ../shared/feeds against a full database built from
 * all of ../shared/feeds, time split into inventory, matching and output; and matching of 1,000 real
 * Debian packages (target: under 50 ms).
 *
 * Baselines measured in the same run: `tar -xzf` of the same archive (the floor for reading it) and the
 * bare database look-ups of the same 1,000 package keys (the floor for matching them).
 *
 * Run: node --import tsx bench/scan.ts [--db path-to-existing-full-db]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { reportToCycloneDx } from "../src/formats/cyclonedx.js";
import { reportToJson } from "../src/formats/findings-json.js";
import { reportToSarifJson } from "../src/formats/sarif.js";
import { reportToTable } from "../src/formats/table.js";
import { importFeeds, openVulnDb } from "../src/intel/index.js";
import { inventory } from "../src/inventory/index.js";
import type { Inventory } from "../src/model/inventory.js";
import type { Package } from "../src/model/package.js";
import { evaluate } from "../src/scan/scan.js";
import { compareVersions } from "../src/versions/index.js";

const repo = resolve(import.meta.dirname, "..");
const feeds = resolve(repo, "../shared/feeds");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function ms(t0: number): number {
  return performance.now() - t0;
}

const argDb = process.argv.indexOf("--db");
let dbPath = argDb > 0 ? process.argv[argDb + 1]! : "";
if (!dbPath || !existsSync(dbPath)) {
  dbPath = join(mkdtempSync(join(tmpdir(), "vigil-bench-scan-")), "vuln.db");
  const t0 = performance.now();
  await importFeeds([feeds], { db: dbPath });
  console.log(`built the full database from ../shared/feeds in ${(ms(t0) / 1000).toFixed(1)} s: ${dbPath}`);
}
const db = openVulnDb(dbPath);

console.log("\nscan of the image archives (median of 3)");
console.log("  image                          tar -xzf   inventory (x floor)   matching   output   findings");
for (const image of ["debian-bookworm-minbase", "debian-bullseye-minbase"]) {
  const archive = join(feeds, `artifacts/images/${image}.tar.gz`);
  const floor: number[] = [];
  const inv: number[] = [];
  const match: number[] = [];
  const out: number[] = [];
  let findings = 0;
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), "vigil-bench-tar-"));
    let t0 = performance.now();
    execFileSync("tar", ["-xzf", archive, "-C", dir]);
    floor.push(ms(t0));
    rmSync(dir, { recursive: true, force: true });
    t0 = performance.now();
    const inventoryResult = await inventory(archive);
    inv.push(ms(t0));
    t0 = performance.now();
    const r = evaluate(inventoryResult, db, { today: "2026-11-26" });
    match.push(ms(t0));
    t0 = performance.now();
    reportToTable(r.report);
    reportToJson(r.report);
    reportToSarifJson(r.report);
    reportToCycloneDx(r.report);
    out.push(ms(t0));
    findings = r.report.findings.length;
  }
  console.log(
    `  ${image.padEnd(30)} ${median(floor).toFixed(0).padStart(6)} ms ${median(inv).toFixed(0).padStart(7)} ms (${(median(inv) / median(floor)).toFixed(2)}x) ` +
      `${median(match).toFixed(1).padStart(8)} ms ${median(out).toFixed(1).padStart(6)} ms ${String(findings).padStart(8)}`,
  );
}

/**
 * 1,000 real Debian source packages named by the DSA/DLA lists (any release), looked up as Debian:11
 * packages, installed either at the newest version an advisory names for them (a maintained host: most
 * packages patched, few findings) or at the oldest (a neglected one: most advisories open).
 */
function thousandPackages(which: "newest" | "oldest"): Package[] {
  const fixes = new Map<string, string[]>();
  for (const list of ["DSA", "DLA"]) {
    const text = readFileSync(join(feeds, `debian/security-tracker-data/${list}/list`), "utf8");
    for (const m of text.matchAll(/^\t\[\w+\] - (\S+) ([0-9][^\s]*)/gm)) {
      const v = fixes.get(m[1]!) ?? [];
      v.push(m[2]!);
      fixes.set(m[1]!, v);
    }
  }
  const out: Package[] = [];
  for (const [name, versions] of [...fixes].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const sorted = versions.sort((a, b) => compareVersions("Debian", a, b));
    const version = which === "newest" ? sorted.at(-1)! : sorted[0]!;
    out.push({
      name,
      version,
      ecosystem: "Debian:11",
      purl: `pkg:deb/debian/${name}@${encodeURIComponent(version)}?distro=debian-11`,
      source: { name, version },
      locations: ["var/lib/dpkg/status"],
      foundBy: "bench",
    });
    if (out.length === 1000) break;
  }
  return out;
}

for (const which of ["newest", "oldest"] as const) {
  const packages = thousandPackages(which);
  const inv: Inventory = {
    target: { kind: "directory", ref: "bench:1000-debian-packages" },
    os: { id: "debian", versionId: "11", ecosystem: "Debian:11" },
    packages,
    runtimes: [],
    problems: [],
    createdAt: new Date().toISOString(),
  };
  const lookups: number[] = [];
  const matching: number[] = [];
  let findings = 0;
  for (let i = 0; i < 7; i++) {
    let t0 = performance.now();
    for (const p of packages) db.advisoriesFor(p.ecosystem, p.source!.name);
    lookups.push(ms(t0));
    // A fresh handle each run: nothing cached from the run before, as in a one-shot `vigil scan`.
    const fresh = openVulnDb(dbPath);
    t0 = performance.now();
    findings = evaluate(inv, fresh, { today: "2026-11-26" }).report.findings.length;
    matching.push(ms(t0));
    fresh.close();
  }
  console.log(
    `\nmatching ${packages.length} real Debian packages at the ${which} fixed version (median of 7)`,
  );
  console.log(`  bare advisory look-ups (floor)   ${median(lookups).toFixed(1)} ms`);
  console.log(
    `  match + score + findings         ${median(matching).toFixed(1)} ms (${(median(matching) / median(lookups)).toFixed(1)}x floor), ${findings} findings   target < 50 ms`,
  );
}
db.close();
