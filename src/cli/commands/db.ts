import type { Command } from "commander";
import { InputError, VigilError } from "../../errors.js";
import { defaultDbPath } from "../../intel/db/location.js";
import type { BuildEvent, BuildResult, FeedStatus, UpdateEvent, VulnDb } from "../../intel/index.js";
import type { Advisory, AffectedRange } from "../../model/advisory.js";

interface DbOptions {
  db?: string;
  json?: boolean;
}

/**
 * `vigil db import|update|status|show`: build, refresh and inspect the vulnerability database.
 * Every command takes `--db <path>` (default `$VIGIL_DB`, else `$XDG_CACHE_HOME/vigil/vuln.db`) and `--json`.
 */
export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("build, update and inspect the vulnerability database");
  const common = (c: Command): Command =>
    c
      .option(
        "--db <path>",
        `database file (default: $VIGIL_DB or ${defaultDbPath({ ...process.env, VIGIL_DB: "" })})`,
      )
      .option("--json", "print JSON on stdout");

  common(
    db
      .command("import")
      .description(
        "build the database from feed files or directories (OSV zips, Debian tracker, secdb, NVD, KEV, EPSS...)",
      )
      .argument("<paths...>", "feed files or directories holding them"),
  ).action(async (paths: string[], opts: DbOptions) => {
    const path = opts.db ?? defaultDbPath();
    const { importFeeds } = await import("../../intel/import.js");
    const result = await importFeeds(paths, { db: path, onEvent: progressLines() });
    printBuild(result, opts);
  });

  common(
    db
      .command("update")
      .description(
        "download the feeds (ETag-aware) and rebuild the database aside, swapped in atomically; prints the changed package keys",
      )
      .option(
        "--mirror <url|dir>",
        "fetch every feed from <mirror>/<feed layout path> (e.g. osv/PyPI/all.zip); an HTTP mirror lists directory feeds in vigil-mirror-index.txt",
      )
      .option(
        "--feeds <names>",
        "comma-separated feeds or groups to download (e.g. osv:PyPI,cisa-kev,epss); others keep their cached copy",
      )
      .option("--retries <n>", "retries per file on network errors and 5xx", parseCount, 4),
  ).action(async (opts: DbOptions & { mirror?: string; feeds?: string; retries: number }) => {
    const path = opts.db ?? defaultDbPath();
    const feeds = opts.feeds
      ?.split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const { updateDb } = await import("../../intel/update.js");
    const result = await updateDb({
      db: path,
      mirror: opts.mirror,
      feeds,
      download: { retries: opts.retries, backoffMs: Number(process.env.VIGIL_BACKOFF_MS ?? 1000) },
      nvdApiKey: process.env.NVD_API_KEY,
      onEvent: progress(),
    });
    if (opts.json) {
      printBuild(result, opts, { downloads: result.downloads });
      return;
    }
    const fetched = result.downloads.filter((d) => d.result === "fetched");
    const reused = result.downloads.filter((d) => d.result === "not-modified").length;
    const missing = result.downloads.filter((d) => d.result === "missing").length;
    process.stdout.write(
      `downloaded ${fetched.length} files (${formatBytes(fetched.reduce((n, d) => n + d.bytes, 0))}), ${reused} not modified, ${missing} not published\n`,
    );
    printBuild(result, opts);
  });

  common(
    db
      .command("status")
      .description(
        "show the database's schema, build time and, per feed, count, date, age and skipped records",
      )
      .option("--max-age <age>", "warn when the database is older than this (e.g. 12h, 2d)", "1d"),
  ).action(async (opts: DbOptions & { maxAge: string }) => {
    const maxAgeMs = parseAge(opts.maxAge);
    await withDb(opts, (vdb) => {
      const s = vdb.status();
      const now = Date.now();
      const ageMs = now - Date.parse(s.builtAt);
      const stale = ageMs > maxAgeMs;
      if (opts.json) {
        const feeds = s.feeds.map((f) => ({ ...f, ageDays: feedAgeDays(f, now) }));
        writeJson({
          ...s,
          feeds,
          ageSeconds: Math.round(ageMs / 1000),
          stale,
          maxAgeSeconds: maxAgeMs / 1000,
        });
      } else {
        const out: string[] = [
          `database    ${s.path}`,
          `schema      ${s.schemaVersion} (built ${s.builtAt}, ${formatAge(ageMs)} ago, by vigil ${s.vigilVersion})`,
          `advisories  ${s.advisories} on ${s.packageKeys} package keys`,
          "",
          ...table(
            ["FEED", "COUNT", "UNIT", "DATE", "AGE", "SKIPPED", "SOURCE"],
            s.feeds.map((f) => {
              const age = feedAgeDays(f, now);
              return [
                f.label,
                String(f.count),
                f.unit,
                f.date ?? "-",
                age === undefined ? "-" : `${age}d`,
                String(f.skipped),
                f.source,
              ];
            }),
          ),
        ];
        process.stdout.write(`${out.join("\n")}\n`);
      }
      if (stale) {
        process.stderr.write(
          `warning: the vulnerability database was built ${formatAge(ageMs)} ago (more than ${opts.maxAge}): run \`vigil db update\`\n`,
        );
      }
    });
  });

  common(
    db
      .command("show")
      .description(
        "show one vulnerability by any id or alias: aliases, affected packages, CVSS, KEV, EPSS, references",
      )
      .argument("<id>", "CVE, GHSA, PYSEC, GO, RUSTSEC, DSA/DLA ... id"),
  ).action(async (id: string, opts: DbOptions) => {
    await withDb(opts, (vdb) => {
      const shown = describe(vdb, id);
      if (opts.json) writeJson(shown);
      else process.stdout.write(renderShown(shown));
    });
  });
}

async function withDb(opts: DbOptions, f: (db: VulnDb) => void): Promise<void> {
  const { openVulnDb } = await import("../../intel/db/reader.js");
  const vdb = openVulnDb(opts.db ?? defaultDbPath());
  try {
    f(vdb);
  } finally {
    vdb.close();
  }
}

/** Everything the database knows about one vulnerability, by any of its ids. */
interface Shown {
  id: string;
  aliases: string[];
  advisories: Advisory[];
  /** Advisories that bundle this vulnerability with other CVEs (a DSA fixing several): related, not aliases. */
  bundles: Advisory[];
  cves: {
    cve: string;
    nvd: ReturnType<VulnDb["nvd"]> | null;
    cvss: ReturnType<VulnDb["cvss"]>;
    kev: ReturnType<VulnDb["kev"]> | null;
    epss: ReturnType<VulnDb["epss"]> | null;
  }[];
}

function describe(vdb: VulnDb, id: string): Shown {
  const group = vdb.aliasGroup(id);
  const ids = group.length > 0 ? group : [id];
  const advisories = ids.flatMap((x) => vdb.advisoryRecords(x));
  const cveIds = new Set(ids.filter((x) => x.startsWith("CVE-")));
  for (const a of advisories) for (const u of a.upstream ?? []) if (u.startsWith("CVE-")) cveIds.add(u);
  const cves = [...cveIds].sort().map((cve) => ({
    cve,
    nvd: vdb.nvd(cve) ?? null,
    cvss: vdb.cvss(cve),
    kev: vdb.kev(cve) ?? null,
    epss: vdb.epss(cve) ?? null,
  }));
  const bundles = vdb.bundlesOf(id).flatMap((x) => vdb.advisoryRecords(x));
  if (advisories.length === 0 && bundles.length === 0 && cves.every((c) => !c.nvd && !c.kev && !c.epss)) {
    throw new VigilError("NOT_FOUND", `${id}: no advisory, alias or CVE data with this id in ${vdb.path}`);
  }
  return { id, aliases: ids.filter((x) => x !== id), advisories, bundles, cves };
}

function renderShown(s: Shown): string {
  const out: string[] = [s.id];
  if (s.aliases.length > 0) out.push(`  aliases: ${s.aliases.join(", ")}`);
  for (const a of [...s.advisories, ...s.bundles]) {
    const bundled = s.bundles.includes(a) ? ` (bundles ${a.aliases.length} CVEs)` : "";
    out.push("", `${a.id} (${a.feed})${bundled}${a.withdrawn ? ` WITHDRAWN ${a.withdrawn}` : ""}`);
    if (a.summary) out.push(`  ${a.summary}`);
    out.push(`  published ${a.published ?? "-"}, modified ${a.modified}`);
    if (a.upstream?.length) out.push(`  upstream: ${a.upstream.join(", ")}`);
    for (const sev of a.severity ?? []) out.push(`  severity ${sev.type} ${sev.score}`);
    for (const af of a.affected) {
      const status = af.distroStatus
        ? ` [${af.distroStatus}${af.distroUrgency ? `, ${af.distroUrgency}` : ""}]`
        : "";
      out.push(
        `  affects ${af.package.ecosystem} ${af.package.name}: ${describeRanges(af.ranges, af.versions)}${status}`,
      );
      for (const sev of af.severity ?? []) out.push(`    severity ${sev.type} ${sev.score}`);
    }
  }
  for (const c of s.cves) {
    out.push("", c.cve);
    if (c.nvd?.description) out.push(`  ${c.nvd.description.replace(/\s*\n\s*\n\s*/g, "\n\n").trim()}`);
    for (const m of c.cvss)
      out.push(`  CVSS ${m.version} ${m.baseScore} ${m.vector} (${m.source}${m.kind ? `, ${m.kind}` : ""})`);
    if (c.nvd?.cwes.length) out.push(`  weaknesses: ${c.nvd.cwes.join(", ")}`);
    if (c.kev) {
      out.push(
        `  KEV: known exploited, added ${c.kev.dateAdded}, due ${c.kev.dueDate}, ransomware ${c.kev.knownRansomwareCampaignUse} (${c.kev.vendorProject} ${c.kev.product})`,
      );
    }
    if (c.epss) out.push(`  EPSS ${c.epss.epss} (percentile ${c.epss.percentile}, ${c.epss.date})`);
  }
  const refs = [
    ...new Set([
      ...s.advisories.flatMap((a) => a.references.map((r) => r.url)),
      ...s.cves.flatMap((c) => c.nvd?.references.map((r) => r.url) ?? []),
    ]),
  ];
  if (refs.length > 0) {
    out.push("", "references:");
    for (const r of refs.slice(0, 25)) out.push(`  ${r}`);
    if (refs.length > 25) out.push(`  ... ${refs.length - 25} more (--json lists all)`);
  }
  return `${out.join("\n")}\n`;
}

function describeRanges(ranges: AffectedRange[] | undefined, versions: string[] | undefined): string {
  const parts: string[] = [];
  for (const r of ranges ?? []) {
    const events = r.events.map((e) => Object.entries(e).map(([k, v]) => `${k} ${v}`)[0]).join(", ");
    parts.push(`${r.type === "ECOSYSTEM" ? "" : `${r.type} `}${events}`);
  }
  if (versions?.length)
    parts.push(
      `versions ${versions.slice(0, 10).join(" ")}${versions.length > 10 ? ` (+${versions.length - 10})` : ""}`,
    );
  return parts.length > 0 ? parts.join("; ") : "all versions";
}

function printBuild(result: BuildResult, opts: DbOptions, extra: Record<string, unknown> = {}): void {
  if (opts.json) {
    writeJson({ ...result, ...extra });
    return;
  }
  const c = result.changes;
  const out = [
    `built ${result.db}: ${result.records} records from ${result.feeds.length} feeds in ${result.seconds.toFixed(1)} s, ${result.skippedTotal} skipped`,
    c.baseline === "none"
      ? `changes: no previous database, ${c.totals.keys} package keys are new`
      : `changes: ${c.totals.keys} package keys (${c.totals.gained} advisories gained, ${c.totals.lost} lost, ${c.totals.changed} changed)`,
  ];
  if (c.baseline === "previous") {
    for (const k of c.keys.slice(0, 20)) {
      const parts = [
        k.gained.length ? `+${k.gained.join(" +")}` : "",
        k.lost.length ? `-${k.lost.join(" -")}` : "",
        k.changed.length ? `~${k.changed.join(" ~")}` : "",
      ].filter((p) => p !== "");
      out.push(`  ${k.ecosystem} ${k.name}: ${parts.join(" ")}`);
    }
    if (c.keys.length > 20) out.push(`  ... ${c.keys.length - 20} more (--json lists all)`);
  }
  for (const s of result.skipped.slice(0, 10)) out.push(`skipped ${s.feed} ${s.record}: ${s.reason}`);
  if (result.skippedTotal > 10)
    out.push(`... ${result.skippedTotal - 10} more skipped records (--json lists 100)`);
  process.stdout.write(`${out.join("\n")}\n`);
}

/** Plain progress lines on stderr (import: one per feed). */
function progressLines(): (e: BuildEvent) => void {
  return (e) => {
    if (e.type === "feed-done") {
      const s = e.summary;
      process.stderr.write(
        `read ${s.label}: ${s.count} ${s.unit}${s.skipped ? `, ${s.skipped} skipped` : ""} (${e.seconds.toFixed(1)} s)\n`,
      );
    }
  };
}

/** Update progress on stderr: a bar per file on a terminal, plain lines otherwise. */
function progress(): (e: UpdateEvent) => void {
  const tty = process.stderr.isTTY === true;
  const lines = progressLines();
  let lastDraw = 0;
  return (e) => {
    switch (e.type) {
      case "download-start":
        if (!tty) process.stderr.write(`download ${e.source} ${e.url}\n`);
        break;
      case "download-progress": {
        if (!tty) break;
        const now = Date.now();
        if (now - lastDraw < 100) break;
        lastDraw = now;
        const width = 30;
        const done = e.total ? Math.min(width, Math.round((e.received / e.total) * width)) : 0;
        const bar = e.total ? `[${"#".repeat(done)}${".".repeat(width - done)}]` : "";
        const size = e.total ? `${formatBytes(e.received)}/${formatBytes(e.total)}` : formatBytes(e.received);
        process.stderr.write(`\r\x1b[K${e.source} ${e.path} ${bar} ${size}`);
        break;
      }
      case "download-done": {
        const r = e.report;
        const what =
          r.result === "fetched"
            ? `fetched ${formatBytes(r.bytes)}`
            : r.result === "not-modified"
              ? "not modified, cached copy re-used"
              : "not published (404)";
        process.stderr.write(`${tty ? "\r\x1b[K" : ""}${r.source} ${r.path}: ${what}\n`);
        break;
      }
      case "retry":
        process.stderr.write(
          `${tty ? "\r\x1b[K" : ""}retry ${e.attempt} of ${e.url} in ${e.delayMs} ms: ${e.reason}\n`,
        );
        break;
      default:
        lines(e);
    }
  };
}

function feedAgeDays(f: FeedStatus, now: number): number | undefined {
  const t = Date.parse(f.date ?? f.importedAt);
  return Number.isNaN(t) ? undefined : Math.floor((now - t) / 86_400_000);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** "30m", "12h", "1d", "90s" -> milliseconds. */
function parseAge(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  if (m === null)
    throw new InputError(
      "--max-age",
      `${JSON.stringify(text)} is not a duration: use e.g. 90s, 30m, 12h or 2d`,
    );
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new InputError("--retries", `${JSON.stringify(text)} is not a whole number`);
  return n;
}
