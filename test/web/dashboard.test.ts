import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import {
  browserSkipReason,
  call,
  launchBrowser,
  type RunningVigil,
  type SeededOrg,
  seedRealData,
  startVigil,
} from "./support.js";

const skip = browserSkipReason();

describe("the dashboard in chromium, on the built server with real scan data", { skip }, () => {
  let server: RunningVigil;
  let org: SeededOrg;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;

  before(async () => {
    server = await startVigil();
    org = await seedRealData(server);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(key: string) {
    await page.goto(`${server.url}/`);
    await page.getByLabel("API key").fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  }

  test("a wrong key is refused with the API's message; a real key signs in to the overview", async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel("API key").fill("vigil_0000000000000000_nope");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page
      .getByRole("alert")
      .getByText(/invalid or revoked API key/)
      .waitFor();
    await signIn(org.admin.apiKey);
    // The overview shows real coverage and the organization switch of a delegated administrator.
    await page.getByText(/of 10 resources scanning/).waitFor();
    // Top vulnerabilities (one aggregation request carries KEV and EPSS): exploited in the wild first.
    const top = page.locator("table", { has: page.getByRole("columnheader", { name: "Exploited" }) });
    await top.locator(".badge.kev").first().waitFor();
    const firstRow = top.locator("tbody tr").first();
    assert.equal(await firstRow.locator(".badge.kev").count(), 1, String(await firstRow.textContent()));
    const options = await page.getByLabel("Showing").locator("option").allTextContents();
    assert.deepEqual(options.length, 3, options.join("|"));
    assert.ok(options.some((o) => o.startsWith("payments")));
    // The key is kept for this tab: a reload stays signed in.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  });

  test("findings: filter by package name, and only that package's findings are listed", async () => {
    await page.getByRole("link", { name: "Findings", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Findings" }).waitFor();
    await page.locator("table.findings tbody tr").first().waitFor();
    await page.getByLabel("Package name").fill("libssl1.1");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/packageName=libssl1.1/);
    await page.getByText(/^5 matching findings/).waitFor();
    const vulns = (await page.locator("table.findings tbody tr td:nth-child(4) a").allTextContents()).sort();
    assert.deepEqual(vulns, [
      "CVE-2022-2097",
      "CVE-2022-4304",
      "CVE-2022-4450",
      "CVE-2023-0215",
      "CVE-2023-0286",
    ]);
  });

  test("finding detail shows versions, CVSS and the risk breakdown", async () => {
    await page.getByRole("link", { name: "CVE-2023-0286" }).click();
    await page.getByRole("heading", { level: 1, name: /CVE-2023-0286/ }).waitFor();
    await page.getByText("1.1.1n-0+deb11u3").first().waitFor();
    await page.getByText("1.1.1n-0+deb11u4").first().waitFor();
    await page.getByRole("heading", { name: "Risk score breakdown" }).waitFor();
    assert.ok((await page.locator("table.breakdown tbody tr").count()) >= 1);
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Findings" }).waitFor();
  });

  test("suppress one finding with a reason: it leaves the active list and a rule exists", async () => {
    await page.locator("table.findings tbody tr").first().waitFor();
    await page.getByRole("checkbox", { name: /Select CVE-2022-2097/ }).check();
    await page.getByRole("button", { name: "Suppress 1 selected" }).click();
    await page.getByLabel("Reason (required)").fill("Not reachable: TLS terminates at the load balancer");
    await page.getByRole("button", { name: "Create suppression rule" }).click();
    await page.getByText("Created 1 suppression rule; 1 finding suppressed.").waitFor();
    await page.getByText(/^4 matching findings/).waitFor();
    const rules = await call<{ items: { reason: string; filters: { vulnerabilityId?: string } }[] }>(
      server,
      org.admin.apiKey,
      "GET",
      "/v1/suppression-rules",
    );
    assert.deepEqual(
      rules.items.map((r) => [r.filters.vulnerabilityId, r.reason]),
      [["CVE-2022-2097", "Not reachable: TLS terminates at the load balancer"]],
    );
    await page.getByRole("link", { name: "Suppression rules" }).click();
    await page.getByRole("cell", { name: "Not reachable: TLS terminates at the load balancer" }).waitFor();
  });

  test("reports: create a CSV findings report, watch it finish, download it", async () => {
    await page.getByRole("link", { name: "Reports & exports" }).click();
    await page.getByRole("heading", { level: 1, name: "Reports and SBOM exports" }).waitFor();
    await page.getByRole("button", { name: "Create report" }).click();
    const button = page.getByRole("button", { name: "Download CSV" });
    await button.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    const path = await download.path();
    const csv = readFileSync(path, "utf8");
    assert.match(download.suggestedFilename(), /\.csv$/);
    assert.match(csv, /CVE-2023-0286/);
    assert.doesNotMatch(csv, /CVE-2022-2097/, "the suppressed finding is not in a report of active findings");
    // The API lists exports: after a reload the report is still there, downloadable.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Reports and SBOM exports" }).waitFor();
    await page.getByRole("button", { name: "Download CSV" }).waitFor();
  });

  test("resources: scan mode (agent, agentless SSH), collector, a function's runtime and version", async () => {
    await page.getByRole("link", { name: "Resources" }).click();
    const row = (name: string) =>
      page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    await row("cache-01").getByText("Agentless (SSH)").waitFor();
    await row("web-01").getByText("Agent", { exact: true }).waitFor();
    await row("web-01")
      .getByText(/agent collector 0\.1\.0/)
      .waitFor();
    await row("checkout-webhook").getByText("runtime nodejs14.x, version 1").waitFor();
  });

  test("the organization switch narrows the pages to one member account", async () => {
    await page.getByRole("link", { name: "Resources" }).click();
    await page.getByRole("link", { name: "github.com/acme/payments-api" }).waitFor();
    await page.getByLabel("Showing").selectOption({ label: "payments (member)" });
    await page.getByRole("link", { name: "github.com/acme/payments-api" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "web-01" }).count(), 0);
    await page.getByLabel("Showing").selectOption({ index: 0 });
    await page.getByRole("link", { name: "web-01" }).waitFor();
  });

  test("an unknown API path stays a JSON 404; an app path loads the app", async () => {
    const api = await fetch(`${server.url}/v1/no-such-thing`);
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, "NOT_FOUND");
    const app = await fetch(`${server.url}/findings?severity=HIGH`);
    assert.equal(app.status, 200);
    assert.match(await app.text(), /<div id="root">/);
  });
});
