/**
 * Host agent footprint (bench/agent): what one agent report costs on a real debootstrap'd Debian root
 * (the bookworm minbase image of ../shared/feeds/artifacts, unpacked once): wall and CPU time per report
 * (inventory walk + kernel + /proc/net + JSON + atomic write to the offline queue), the heartbeat's
 * change check, and the agent process's RSS (idle after start, after the reports, peak). Baseline in the
 * same run: `dpkg-query -W --admindir` on the same root (what any package listing costs), and reading
 * the status file. Each measurement runs in a fresh child process, as an agent runs.
 *
 *   node --import tsx bench/agent.ts            # prints a Markdown table
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPORTS = 10;
const HEARTBEATS = 200;
const REPO = resolve(import.meta.dirname, "..");

interface ChildResult {
  packages: number;
  reportBytes: number;
  idleRssMiB: number;
  rssAfterMiB: number;
  peakRssMiB: number;
  /** Per report, median of REPORTS. */
  reportMs: number;
  reportCpuMs: number;
  firstReportMs: number;
  firstReportCpuMs: number;
  heartbeatCpuMs: number;
  statusReadMs: number;
  /** The directory walk alone (inventory with no cataloger). */
  walkCpuMs: number;
}

function rssKiB(field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return m === null ? process.memoryUsage().rss / 1024 : Number(m[1]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** In the child: the agent's collection path, REPORTS times, and the heartbeat check. */
async function child(root: string): Promise<void> {
  const { collectHost, hostFingerprint } = await import("../src/host/collect.js");
  const { ReportQueue } = await import("../src/agent/queue.js");
  const state = mkdtempSync(join(tmpdir(), "vigil-bench-agent-"));
  try {
    const queue = new ReportQueue(state);
    await queue.open();
    const idleRssMiB = rssKiB("VmRSS") / 1024;
    const walls: number[] = [];
    const cpus: number[] = [];
    let packages = 0;
    let reportBytes = 0;
    for (let i = 0; i < REPORTS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const report = await collectHost(root, "bench-host");
      const q = await queue.put(report);
      const c = process.cpuUsage(c0);
      walls.push(performance.now() - t0);
      cpus.push((c.user + c.system) / 1000);
      packages = report.inventory.packages.length;
      reportBytes = Buffer.byteLength(JSON.stringify(q));
    }
    const rssAfterMiB = rssKiB("VmRSS") / 1024;
    const { inventory } = await import("../src/inventory/index.js");
    const walkCpus: number[] = [];
    for (let i = 0; i < 3; i++) {
      const w0 = process.cpuUsage();
      await inventory(root, { catalogers: [] });
      const w = process.cpuUsage(w0);
      walkCpus.push((w.user + w.system) / 1000);
    }
    const c0 = process.cpuUsage();
    for (let i = 0; i < HEARTBEATS; i++) await hostFingerprint(root);
    const hb = process.cpuUsage(c0);
    const t0 = performance.now();
    for (let i = 0; i < REPORTS; i++) readFileSync(join(root, "var/lib/dpkg/status"));
    const statusReadMs = (performance.now() - t0) / REPORTS;
    const result: ChildResult = {
      packages,
      reportBytes,
      idleRssMiB,
      rssAfterMiB,
      peakRssMiB: rssKiB("VmHWM") / 1024,
      reportMs: median(walls.slice(1)),
      reportCpuMs: median(cpus.slice(1)),
      firstReportMs: walls[0] ?? Number.NaN,
      firstReportCpuMs: cpus[0] ?? Number.NaN,
      heartbeatCpuMs: (hb.user + hb.system) / 1000 / HEARTBEATS,
      statusReadMs,
      walkCpuMs: median(walkCpus),
    };
    process.stdout.write(JSON.stringify(result));
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

/** Wall and CPU (user + sys) milliseconds of `dpkg-query -W --admindir=<root>/var/lib/dpkg`, median of REPORTS. */
function dpkgQuery(root: string): { ms: number; cpuMs: number; packages: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  let packages = 0;
  for (let i = 0; i < REPORTS; i++) {
    const t0 = performance.now();
    const r = spawnSync(
      "bash",
      ["-c", 'TIMEFORMAT="%U %S"; time dpkg-query -W --admindir="$0" >/dev/null', join(root, "var/lib/dpkg")],
      { encoding: "utf8" },
    );
    walls.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`dpkg-query failed: ${r.stderr}`);
    const [u, s] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
    cpus.push(((u ?? 0) + (s ?? 0)) * 1000);
    packages = spawnSync("dpkg-query", ["-W", `--admindir=${join(root, "var/lib/dpkg")}`], {
      encoding: "utf8",
    })
      .stdout.split("\n")
      .filter((l) => l !== "").length;
  }
  return { ms: median(walls), cpuMs: median(cpus), packages };
}

/** RSS of a child that loads nothing (node + tsx): the floor every agent process starts from. */
function emptyRssMiB(): number {
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      'process.stdout.write(/VmRSS:\\s+(\\d+)/.exec(require("fs").readFileSync("/proc/self/status","utf8"))[1])',
    ],
    { cwd: REPO, encoding: "utf8" },
  );
  return Number(r.stdout) / 1024;
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") return child(process.argv[3] as string);
  const { debianRoot } = await import("../src/agent/test-support/roots.js");
  const root = await debianRoot("bookworm");
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", root],
    {
      cwd: REPO,
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`agent child failed: ${r.stderr}`);
  const a = JSON.parse(r.stdout) as ChildResult;
  const d = dpkgQuery(root);
  const empty = emptyRssMiB();
  const f = (n: number) => n.toFixed(1);
  const lines = [
    `Root: debian-bookworm-minbase (debootstrap --variant=minbase, unpacked), ${a.packages} packages (dpkg-query: ${d.packages}); report ${f(a.reportBytes / 1024)} KiB of JSON. ${REPORTS} reports, median after the first.`,
    "",
    "| measure | agent | baseline | ratio |",
    "| --- | --- | --- | --- |",
    `| wall per report | ${f(a.reportMs)} ms | dpkg-query -W ${f(d.ms)} ms | ${f(a.reportMs / d.ms)}x |`,
    `| CPU per report (user+sys) | ${f(a.reportCpuMs)} ms | dpkg-query -W ${f(d.cpuMs)} ms | ${f(a.reportCpuMs / Math.max(d.cpuMs, 0.1))}x |`,
    `| first report (cold: code paths, page cache warm) | ${f(a.firstReportMs)} ms wall, ${f(a.firstReportCpuMs)} ms CPU | | |`,
    `| heartbeat change check (stat + /proc/net) | ${a.heartbeatCpuMs.toFixed(3)} ms CPU | read status file ${a.statusReadMs.toFixed(3)} ms | |`,
    `| of which the directory walk (no cataloger) | ${f(a.walkCpuMs)} ms CPU | | |`,
    `| RSS idle (agent modules loaded) | ${f(a.idleRssMiB)} MiB | empty node + tsx ${f(empty)} MiB | |`,
    `| RSS after ${REPORTS} reports / peak | ${f(a.rssAfterMiB)} / ${f(a.peakRssMiB)} MiB | | |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
