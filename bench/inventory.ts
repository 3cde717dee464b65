/**
 * Inventory (bench/inventory): one-walk inventory of the real image archives against the floor of merely
 * decompressing the same archive (`tar -xzf` into a temp dir), measured in the same run, plus peak RSS
 * of the inventory (a child process's VmHWM) for the same image padded with a large extra layer, to show
 * that memory does not grow with image size.
 *
 *   node --import tsx bench/inventory.ts            # prints a Markdown table
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip, gunzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { BOOKWORM_ARCHIVE, BULLSEYE_ARCHIVE, REPO_ROOT } from "../test/fixtures-build/images.js";

const RUNS = 3;
const PAD_MIB = 512;

interface ChildResult {
  ms: number;
  cpuMs: number;
  maxRssMiB: number;
  packages: number;
}

/**
 * This process's peak RSS in KiB: VmHWM from /proc (getrusage's maxRSS survives execve, so a child
 * spawned by a big parent would report the parent's peak); maxRSS where /proc is missing.
 */
function peakRssKiB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m !== null) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

/** In the child: one inventory with the default catalogers; prints time and peak RSS as JSON. */
async function child(ref: string): Promise<void> {
  const { inventory } = await import("../src/inventory/index.js");
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const inv = await inventory(ref);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const result: ChildResult = {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: peakRssKiB() / 1024,
    packages: inv.packages.length,
  };
  process.stdout.write(JSON.stringify(result));
}

function runChild(ref: string): ChildResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", ref], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`inventory child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

/** Wall and CPU (user + sys, tar and its gzip child) milliseconds of `tar -xzf` into a temp dir. */
function floor(archive: string): { ms: number; cpuMs: number } {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-untar-"));
  try {
    const t0 = performance.now();
    const r = spawnSync("bash", ["-c", 'TIMEFORMAT="%U %S"; time tar -xzf "$0" -C "$1"', archive, dir], {
      encoding: "utf8",
    });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`tar -xzf ${archive} failed: ${r.stderr}`);
    const [user, sys] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
    return { ms, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * The bookworm image with an extra top layer of PAD_MIB MiB of incompressible files, as a docker-save
 * tar.gz (built once, cached in the temp dir).
 */
async function paddedArchive(): Promise<string> {
  const out = join(tmpdir(), `vigil-bench-bookworm-padded-${PAD_MIB}.tar.gz`);
  if (existsSync(out)) return out;
  const inner = gunzipSync(readFileSync(BOOKWORM_ARCHIVE));
  const extract = (await import("tar-stream")).extract();
  const files = new Map<string, Buffer>();
  const done = new Promise<void>((ok, fail) => {
    extract.on("entry", (h, s, next) => {
      const chunks: Buffer[] = [];
      s.on("data", (c: unknown) => {
        chunks.push(c as Buffer);
      });
      s.on("end", () => {
        if (h.type === "file") files.set(h.name, Buffer.concat(chunks));
        next();
      });
    });
    extract.on("finish", () => ok());
    extract.on("error", fail);
  });
  extract.end(inner);
  await done;
  const manifest = JSON.parse(files.get("manifest.json")!.toString()) as {
    Config: string;
    Layers: string[];
  }[];
  const config = JSON.parse(files.get(manifest[0]!.Config)!.toString()) as { rootfs: { diff_ids: string[] } };
  // The padding layer: PAD_MIB files of 1 MiB of random bytes, hashed as it is written.
  const layer = pack();
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  const layerChunks: Buffer[] = [];
  layer.on("data", (c: unknown) => {
    hash.update(c as Buffer);
    layerChunks.push(c as Buffer);
  });
  const layerDone = new Promise<void>((ok) => layer.on("end", () => ok()));
  for (let i = 0; i < PAD_MIB; i++) {
    await new Promise<void>((ok, fail) =>
      layer.entry({ name: `srv/pad/${i}.bin`, size: 1 << 20 }, randomBytes(1 << 20), (e) =>
        e ? fail(e) : ok(),
      ),
    );
  }
  layer.finalize();
  await layerDone;
  const padDigest = hash.digest("hex");
  config.rootfs.diff_ids.push(`sha256:${padDigest}`);
  const configText = JSON.stringify(config);
  const outer = pack();
  const writing = pipeline(outer, createGzip({ level: 1 }), createWriteStream(out));
  const add = (name: string, body: Buffer) =>
    new Promise<void>((ok, fail) =>
      outer.entry({ name, size: body.length }, body, (e) => (e ? fail(e) : ok())),
    );
  await add(manifest[0]!.Layers[0]!, files.get(manifest[0]!.Layers[0]!)!);
  await add(`${padDigest}.tar`, Buffer.concat(layerChunks));
  await add("config.json", Buffer.from(configText));
  await add(
    "manifest.json",
    Buffer.from(
      JSON.stringify([
        { ...manifest[0], Config: "config.json", Layers: [...manifest[0]!.Layers, `${padDigest}.tar`] },
      ]),
    ),
  );
  outer.finalize();
  await writing;
  return out;
}

async function main(): Promise<void> {
  const images: [string, string][] = [
    ["debian-bookworm-minbase", BOOKWORM_ARCHIVE],
    ["debian-bullseye-minbase", BULLSEYE_ARCHIVE],
    [`bookworm + ${PAD_MIB} MiB layer`, await paddedArchive()],
  ];
  console.log(
    "| image | archive | tar -xzf wall (floor) | inventory wall | wall ratio | tar CPU | inventory CPU | CPU ratio | peak RSS | packages |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, path] of images) {
    const floors: { ms: number; cpuMs: number }[] = [];
    const results: ChildResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      floors.push(floor(path));
      results.push(runChild(path));
    }
    const floorWall = median(floors.map((f) => f.ms));
    const floorCpu = median(floors.map((f) => f.cpuMs));
    const inv = median(results.map((r) => r.ms));
    const invCpu = median(results.map((r) => r.cpuMs));
    const rss = Math.max(...results.map((r) => r.maxRssMiB));
    const size = statSync(path).size / (1024 * 1024);
    console.log(
      `| ${name} | ${size.toFixed(1)} MiB | ${floorWall.toFixed(0)} ms | ${inv.toFixed(0)} ms | ${(inv / floorWall).toFixed(2)}x ` +
        `| ${floorCpu.toFixed(0)} ms | ${invCpu.toFixed(0)} ms | ${(invCpu / floorCpu).toFixed(2)}x | ${rss.toFixed(0)} MiB | ${results[0]!.packages} |`,
    );
  }
}

const i = process.argv.indexOf("--child");
if (i >= 0) await child(process.argv[i + 1]!);
else await main();
