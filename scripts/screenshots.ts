/**
 * `npm run screenshots`: the dashboard's pages as PNG files in docs/screenshots/, taken in Debian's
 * chromium from the BUILT server (`npm run build` first) seeded with the same real scan data as the
 * browser tests (test/web/support.ts).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../src/model/finding.js";
import { REPO } from "../test/support/cli.js";
import {
  acceptBuiltDist,
  browserSkipReason,
  call,
  launchBrowser,
  seedRealData,
  startVigil,
} from "../test/web/support.js";

const OUT = join(REPO, "docs/screenshots");

acceptBuiltDist();
const why = browserSkipReason();
if (why !== false) {
  console.error(`screenshots: ${why}`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const server = await startVigil();
const browser = await launchBrowser();
try {
  const org = await seedRealData(server);
  const key = org.admin.apiKey;
  // A suppression rule to show, made the way the findings page makes one.
  await call(server, key, "POST", "/v1/suppression-rules", {
    name: "Suppress CVE-2022-2097 in libssl1.1",
    reason: "Not reachable: TLS terminates at the load balancer",
    filters: { vulnerabilityId: "CVE-2022-2097", packageName: "libssl1.1" },
  });
  await call(server, key, "POST", "/v1/webhooks", {
    url: "https://hooks.acme.internal/vigil",
    eventTypes: ["finding.created"],
  });
  // An earlier report (JSON, critical and high only) for the exports page's list.
  await call(server, key, "POST", "/v1/reports", {
    format: "json",
    filter: { severity: ["CRITICAL", "HIGH"] },
  });
  const top = await call<{ items: (Finding & { id: string; resourceId: string })[] }>(
    server,
    key,
    "GET",
    "/v1/findings?limit=50&sortBy=risk",
  );
  // The finding whose score the most factors moved (KEV, EPSS, network...), for the detail page.
  const detail = [...top.items].sort(
    (a, b) =>
      b.risk.breakdown.length - a.risk.breakdown.length ||
      b.cvss.length - a.cvss.length ||
      b.risk.score - a.risk.score,
  )[0];
  const resources = await call<{ items: { id: string; name: string }[] }>(
    server,
    key,
    "GET",
    "/v1/resources",
  );
  const host = resources.items.find((r) => r.name === "web-01");

  const page = await browser.context.newPage();
  const shot = async (name: string) => {
    await page.waitForLoadState("networkidle");
    await page.waitForFunction(
      'document.querySelectorAll("[role=status][aria-live=polite]").length === 0',
      null,
      {
        timeout: 30_000,
      },
    );
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    console.log(`docs/screenshots/${name}.png`);
  };
  await page.goto(`${server.url}/`);
  await page.getByLabel("API key").fill(key);
  await page.screenshot({ path: join(OUT, "sign-in.png") });
  console.log("docs/screenshots/sign-in.png");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  await page.getByText(/resources scanning/).waitFor();
  await page.locator("text=Top vulnerabilities").waitFor();
  await page.locator(".badge.kev").first().waitFor();
  await shot("overview");

  await page.goto(`${server.url}/findings`);
  await page.locator("table.findings tbody tr").first().waitFor();
  await page.getByText(/matching finding/).waitFor();
  await shot("findings");

  if (detail !== undefined) {
    await page.goto(`${server.url}/findings/${encodeURIComponent(detail.id)}`);
    await page.getByRole("heading", { name: "Risk score breakdown" }).waitFor();
    await shot("finding-detail");
  }
  await page.goto(`${server.url}/resources`);
  await page.getByRole("link", { name: "web-01" }).waitFor();
  await page.getByText(/runtime nodejs14\.x/).waitFor();
  await shot("resources");
  if (host !== undefined) {
    await page.goto(`${server.url}/resources/${encodeURIComponent(host.id)}`);
    await page.getByText(/Inventory \(\d+ packages\)/).waitFor();
    await shot("resource-detail");
  }
  await page.goto(`${server.url}/suppression-rules`);
  await page.getByRole("cell", { name: /Not reachable/ }).waitFor();
  await shot("suppression-rules");

  await page.goto(`${server.url}/exports`);
  await page.getByRole("button", { name: "Create report" }).click();
  await page.getByRole("button", { name: "Download CSV" }).waitFor({ timeout: 60_000 });
  await page.getByRole("button", { name: "Create SBOM export" }).click();
  await page.getByRole("button", { name: "Download CYCLONEDX" }).waitFor({ timeout: 120_000 });
  await shot("exports");

  await page.goto(`${server.url}/settings`);
  await page.getByRole("heading", { name: "Webhooks" }).waitFor();
  await page.getByText("hooks.acme.internal").waitFor();
  await shot("settings");
} finally {
  await browser.close();
  await server.stop();
}
