import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { InputError } from "../../errors.js";
import type { EolCycle } from "../../model/intel.js";
import { readEndoflife } from "./endoflife.js";
import { readEpss } from "./epss.js";
import { readKev } from "./kev.js";
import { readNvd } from "./nvd.js";
import { collect, FEEDS, tempDir } from "./test-support/feeds.js";

describe("NVD CVE API 2.0", () => {
  test("the real page: 38 CVEs; CVE-2023-27314 has primary and secondary v3.1 metrics and CWE-400", async () => {
    const { items, summary } = await collect(
      readNvd(join(FEEDS, "nvd/api-2.0-samples/cves-page-2023-10-18.json"), "nvd"),
    );
    assert.deepEqual([summary.count, summary.skipped, summary.date], [38, 0, "2023-10-18T18:04:18.493"]);
    const rec = items
      .flatMap((i) => (i.kind === "nvd" ? [i.record] : []))
      .find((r) => r.id === "CVE-2023-27314");
    assert.ok(rec);
    assert.deepEqual(rec.cvss, [
      {
        version: "3.1",
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        baseScore: 7.5,
        source: "nvd@nist.gov",
        kind: "Primary",
      },
      {
        version: "3.1",
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        baseScore: 7.5,
        source: "security-alert@netapp.com",
        kind: "Secondary",
      },
    ]);
    assert.deepEqual(rec.cwes, ["CWE-400"]);
    assert.equal(rec.published, "2023-10-12T19:15:11.747");
    assert.match(rec.description ?? "", /^ONTAP 9 versions prior to/);
    assert.ok((rec.configurations?.length ?? 0) > 0);
  });

  test("the single-entry response: one CVE with a CVSS v2 metric", async () => {
    const { items, summary } = await collect(
      readNvd(join(FEEDS, "nvd/api-2.0-samples/cves-single-entry.json"), "nvd"),
    );
    assert.equal(summary.count, 1);
    const rec = items[0]?.kind === "nvd" ? items[0].record : undefined;
    assert.ok(rec?.cvss.some((m) => m.version === "2.0" && m.vector.startsWith("AV:")));
  });
});

describe("CISA KEV", () => {
  test("the real catalog: 1,404 entries; CVE-2025-48384 (Git) as KevEntry", async () => {
    const { items, summary } = await collect(
      readKev(join(FEEDS, "cisa-kev/known_exploited_vulnerabilities.json"), "cisa-kev"),
    );
    assert.deepEqual([summary.count, summary.skipped, summary.date], [1404, 0, "2025-08-25T17:04:19.9796Z"]);
    const entries = items.flatMap((i) => (i.kind === "kev" ? [i.entry] : []));
    assert.equal(entries.filter((e) => e.knownRansomwareCampaignUse === "Known").length, 293);
    const git = entries.find((e) => e.cveId === "CVE-2025-48384");
    assert.deepEqual(
      [git?.vendorProject, git?.product, git?.name, git?.dateAdded, git?.dueDate],
      ["Git", "Git", "Git Link Following Vulnerability", "2025-08-25", "2025-09-15"],
    );
  });
});

describe("FIRST EPSS", () => {
  test("the real file streamed: 360,142 rows, model v2026.06.15 scored 2026-08-15", async () => {
    let rows = 0;
    let first: unknown;
    const gen = readEpss(join(FEEDS, "epss/epss_scores-2026-08-15.csv.gz"), "epss");
    for (;;) {
      const r = await gen.next();
      if (r.done) {
        assert.deepEqual([r.value.count, r.value.skipped, r.value.date], [360142, 0, "2026-08-15"]);
        break;
      }
      if (r.value.kind === "epss") {
        rows++;
        first ??= r.value.score;
      }
    }
    assert.equal(rows, 360142);
    assert.deepEqual(first, {
      cve: "CVE-1999-0001",
      epss: 0.03351,
      percentile: 0.8765,
      date: "2026-08-15",
      modelVersion: "v2026.06.15",
    });
  });

  test("a truncated gzip is an InputError naming the file; a bad row is skipped with its line", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const text =
        "#model_version:v1,score_date:2026-01-02T00:00:00+0000\ncve,epss,percentile\nCVE-2020-1,0.1,0.5\nnot,a,row\n";
      const good = join(dir, "epss_scores-2026-01-02.csv.gz");
      await writeFile(good, gzipSync(text));
      const { items, summary } = await collect(readEpss(good, "epss"));
      assert.deepEqual([summary.count, summary.skipped], [2, 1]);
      assert.ok(items.some((i) => i.kind === "skipped" && i.record === "line 4"));
      const cut = join(dir, "cut.csv.gz");
      const bytes = gzipSync(text.repeat(200));
      await writeFile(cut, bytes.subarray(0, bytes.length - 30));
      await assert.rejects(
        collect(readEpss(cut, "epss")),
        (e: unknown) => e instanceof InputError && e.message.includes(cut),
      );
    } finally {
      await cleanup();
    }
  });
});

describe("endoflife.date", () => {
  test("the real checkout: 18 products, 329 cycles from the pages' front matter", async () => {
    const root = join(FEEDS, "endoflife");
    const { items, summary } = await collect(
      readEndoflife(
        { products: join(root, "products"), releases: join(root, "release-data/releases") },
        "endoflife",
      ),
    );
    assert.deepEqual([summary.count, summary.skipped, summary.unit], [329, 0, "cycles (18 products)"]);
    const cycles = items.flatMap((i) => (i.kind === "eol" ? [i.cycle] : []));
    const node20 = cycles.find((c) => c.product === "nodejs" && c.cycle === "20");
    assert.equal(node20?.eol, "2026-04-30");
    const bookworm = cycles.find((c) => c.product === "debian" && c.cycle === "12");
    assert.equal(bookworm?.codename, "Bookworm");
    assert.ok(
      cycles.some((c: EolCycle) => typeof c.eol === "boolean"),
      "eol can be a boolean",
    );
  });

  test("release-data is used for a product without a page", async () => {
    const root = join(FEEDS, "endoflife");
    const { items, summary } = await collect(
      readEndoflife({ releases: join(root, "release-data/releases") }, "endoflife"),
    );
    assert.equal(summary.unit, "cycles (16 products)");
    const cycles = items.flatMap((i) => (i.kind === "eol" ? [i.cycle] : []));
    const bookworm = cycles.find((c) => c.product === "debian" && c.cycle === "12");
    assert.equal(bookworm?.codename, "Bookworm");
    assert.equal(typeof bookworm?.eol, "string");
  });
});
