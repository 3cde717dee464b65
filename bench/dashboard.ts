/**
 * Dashboard benchmark: `node --import tsx bench/dashboard.ts [--findings N] [--runs N] [--write]`.
 *
 * The BUILT `vigil server` (run `npm run build` first) on a fresh SQLite data directory with the real
 * scan data of the browser tests (test/web/support.ts), then, with the server stopped, an account
 * "bench" is given N findings (default 100,000) directly through the service database helpers
 * (`openServiceDb`): 1,000 repositories, each holding clones of the real findings of the seeded scans
 * (their detail JSON as the scan pipeline wrote it), first observed over the last 90 days. The server
 * starts again and Debian's chromium (playwright-core) times, for each of `--runs` fresh pages:
 * - baseline: the dashboard shell (a path the app does not know: the app boots, signs in, renders its
 *   "Page not found" heading; no findings request);
 * - findings: /findings until its first row is in the table (the page asks for the first 50 findings
 *   sorted by risk, and the severity counts, in parallel).
 * It also times the API calls themselves from Node. Prints medians; `--write` records them in
 * docs/performance.md under "## Dashboard (bench/dashboard)".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openServiceDb } from "../src/service/db/connect.js";
import type { FindingsTable, ResourcesTable } from "../src/service/db/schema.js";
import { REPO } from "../test/support/cli.js";
import {
  acceptBuiltDist,
  browserSkipReason,
  createAccount,
  launchBrowser,
  seedRealData,
  startVigil,
} from "../test/web/support.js";

const { values: opts } = parseArgs({
  options: {
    findings: { type: "string", default: "100000" },
    runs: { type: "string", default: "5" },
    write: { type: "boolean", default: false },
  },
});
const TOTAL = Number(opts.findings);
const RUNS = Number(opts.runs);
const RESOURCES = 1000;
const HEADING = "## Dashboard (bench/dashboard)";

acceptBuiltDist();
const why = browserSkipReason();
if (why !== false) {
  console.error(`bench/dashboard: ${why}`);
  process.exit(1);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

// 1. Real data through the API, then the bulk through the database helpers.
const work = mkdtempSync(join(tmpdir(), "vigil-bench-dashboard-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const data = join(work, "data");
const server = await startVigil({ data });
await seedRealData(server);
const bench = createAccount(data, "bench");
await server.stop();

const sdb = openServiceDb({ data });
const t0 = Date.now();
{
  const db = sdb.db;
  const templates = await db.selectFrom("findings").selectAll().where("status", "=", "ACTIVE").execute();
  const template = await db
    .selectFrom("resources")
    .selectAll()
    .where("type", "=", "repository")
    .executeTakeFirstOrThrow();
  if (templates.length === 0) throw new Error("the seeded scans gave no findings to clone");
  const now = Date.now();
  const perResource = Math.ceil(TOTAL / RESOURCES);
  let made = 0;
  for (let r = 0; r < RESOURCES && made < TOTAL; r++) {
    const resourceId = `res_bench${String(r).padStart(6, "0")}`;
    const res: ResourcesTable = {
      ...template,
      id: resourceId,
      account_id: bench.accountId,
      name: `github.com/bench/service-${r}`,
      tags: JSON.stringify({ team: `team-${r % 12}` }),
    };
    const rows: FindingsTable[] = [];
    for (let i = 0; i < perResource && made < TOTAL; i++, made++) {
      const f = templates[(r * 7 + i) % templates.length]!;
      const seen = new Date(now - ((r * 131 + i * 17) % 90) * 86_400_000).toISOString();
      rows.push({
        ...f,
        resource_id: resourceId,
        id: `${f.id}-${i}`,
        account_id: bench.accountId,
        resource_type: "repository",
        first_observed_at: seen,
        last_observed_at: seen,
        updated_at: seen,
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("resources").values(res).execute();
      for (let i = 0; i < rows.length; i += 50)
        await trx
          .insertInto("findings")
          .values(rows.slice(i, i + 50))
          .execute();
    });
  }
  console.log(
    `seeded ${made} findings on ${RESOURCES} resources in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
await sdb.close();

// 2. The server again, and chromium: with the 0009-dashboard indexes, then without them.
async function measure(): Promise<Record<string, number>> {
  const server = await startVigil({ data });
  const browser = await launchBrowser();
  const results: Record<string, number[]> = { baseline: [], findings: [], apiList: [], apiCounts: [] };
  try {
    const key = bench.apiKey;
    await browser.context.addInitScript({
      content: `sessionStorage.setItem("vigil.apiKey", ${JSON.stringify(key)});`,
    });
    const h = { authorization: `Bearer ${key}` };
    for (let i = 0; i < RUNS + 1; i++) {
      // The first round warms the server's and the browser's caches and is not counted.
      const count = i > 0;
      let t = performance.now();
      const list = await fetch(`${server.url}/v1/findings?limit=50&sortBy=risk&order=desc`, { headers: h });
      if (!list.ok) throw new Error(`GET /v1/findings: ${list.status}`);
      await list.json();
      if (count) results.apiList!.push(performance.now() - t);
      t = performance.now();
      const agg = await fetch(`${server.url}/v1/findings/aggregations?by=severity`, { headers: h });
      const total = ((await agg.json()) as { groups: { total: number }[] }).groups.reduce(
        (n, g) => n + g.total,
        0,
      );
      if (count) results.apiCounts!.push(performance.now() - t);
      if (total !== TOTAL) throw new Error(`the bench account has ${total} active findings, not ${TOTAL}`);

      const base = await browser.context.newPage();
      t = performance.now();
      await base.goto(`${server.url}/bench-baseline`);
      await base.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
      if (count) results.baseline!.push(performance.now() - t);
      await base.close();

      const page = await browser.context.newPage();
      t = performance.now();
      await page.goto(`${server.url}/findings`);
      await page.locator("table.findings tbody tr").first().waitFor();
      if (count) results.findings!.push(performance.now() - t);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
}

const m = await measure();
const DASHBOARD_INDEXES = [
  "findings_page_risk",
  "findings_page_severity",
  "findings_page_updated",
  "findings_page_first_observed",
  "findings_account_status_severity",
];
{
  const s = openServiceDb({ data });
  for (const name of DASHBOARD_INDEXES) await s.db.schema.dropIndex(name).ifExists().execute();
  await s.close();
}
const w = await measure();
const ms = (x: number) => `${Math.round(x)} ms`;
const lines = [
  HEADING,
  "",
  `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (load ${loadavg()[0]!.toFixed(1)}), SQLite, the built server, Debian's chromium headless; medians of ${RUNS} fresh pages after one warm-up.`,
  `One account with ${TOTAL.toLocaleString("en")} active findings on ${RESOURCES.toLocaleString("en")} repositories (clones of the real findings of the seeded scans).`,
  "",
  "| measure | median | without the 0009-dashboard indexes |",
  "|---|---|---|",
  `| baseline: the dashboard shell (app boot, sign-in check, no findings) | ${ms(m.baseline!)} | ${ms(w.baseline!)} |`,
  `| **findings page: navigation to the first row rendered** | **${ms(m.findings!)}** | ${ms(w.findings!)} |`,
  `| API: \`GET /v1/findings?limit=50\` (sorted by risk) | ${ms(m.apiList!)} | ${ms(w.apiList!)} |`,
  `| API: \`GET /v1/findings/aggregations?by=severity\` (the page's counts) | ${ms(m.apiCounts!)} | ${ms(w.apiCounts!)} |`,
  "",
  `Target: under 1 s for the findings page — ${m.findings! < 1000 ? "met" : "NOT met"}. Run: \`npm run build && node --import tsx bench/dashboard.ts --write\`.`,
  "",
];
console.log(lines.join("\n"));
if (opts.write) {
  const file = join(REPO, "docs/performance.md");
  const doc = readFileSync(file, "utf8");
  const start = doc.indexOf(HEADING);
  let next: string;
  if (start === -1) next = `${doc.trimEnd()}\n\n${lines.join("\n")}`;
  else {
    const end = doc.indexOf("\n## ", start + HEADING.length);
    next = doc.slice(0, start) + lines.join("\n") + (end === -1 ? "" : doc.slice(end + 1));
  }
  writeFileSync(file, next);
  console.log("written to docs/performance.md");
}
