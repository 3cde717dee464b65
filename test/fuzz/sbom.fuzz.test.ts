/**
 * Fuzzing SBOM input (src/sources/sbom.ts): CycloneDX and SPDX JSON documents, from Vigil's own golden
 * SBOMs of a real Debian image and a real npm lockfile, mutated as bytes and as trees, plus generated
 * documents; purls alone; and the nesting-depth limit (a 1,000-deep CycloneDX document once overflowed
 * the stack in validation).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InputError } from "../../src/errors.js";
import { repoRoot } from "../../src/inventory/catalogers/test-support.js";
import type { Inventory } from "../../src/model/inventory.js";
import { fromCycloneDx, fromSpdx, packageFromPurl } from "../../src/sources/sbom.js";
import { deepObject, fuzz, hostileValue, mutatedJson, noise, params, Tally } from "./harness.js";

const GOLDEN = join(repoRoot, "test/golden/testdata");
const NOW = new Date("2026-01-01T00:00:00Z");
const cdxSeeds = ["debian-bullseye.cdx.json", "npm-v3-express-lodash.cdx.json"].map((f) =>
  readFileSync(join(GOLDEN, f)),
);
const spdxSeeds = ["debian-bullseye.spdx.json", "npm-v3-express-lodash.spdx.json"].map((f) =>
  readFileSync(join(GOLDEN, f)),
);

/** An inventory's packages carry strings, and every problem names the SBOM. */
function checkInventory(inv: Inventory): void {
  assert.ok(Array.isArray(inv.packages) && Array.isArray(inv.problems));
  for (const p of inv.packages) {
    for (const f of ["name", "version", "ecosystem", "purl"] as const)
      assert.equal(typeof p[f], "string", `package ${f}`);
  }
  for (const p of inv.problems) assert.equal(typeof p.message, "string");
}

/** A CycloneDX component nested `depth` levels deep (each level one component inside the previous). */
export function nestedCycloneDx(depth: number): string {
  // Built as text: JSON.stringify of the object itself would overflow the stack at a few thousand levels.
  const open = '{"type":"library","name":"n","version":"1","purl":"pkg:npm/n@1","components":[';
  return `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${open.repeat(depth)}{"name":"leaf"}${"]}".repeat(depth)}]}`;
}

const component = fc.record(
  {
    type: fc.constantFrom("library", "application", "operating-system", "framework"),
    name: fc.oneof(fc.string(), fc.constantFrom("debian", "alpine", "")),
    version: fc.oneof(fc.string(), fc.constantFrom("12", "3.19", "1.0.0")),
    purl: fc.oneof(
      fc.string(),
      fc.constantFrom("pkg:npm/a@1", "pkg:deb/debian/libc6@2.36?distro=debian-12", "pkg:maven/g/a@1", "pkg:"),
      fc
        .tuple(
          fc.constantFrom("npm", "pypi", "deb", "apk", "rpm", "golang", "cargo", "gem", "x"),
          fc.string(),
          fc.string(),
        )
        .map(([t, n, v]) => `pkg:${t}/${encodeURIComponent(n)}@${v}`),
    ),
    licenses: fc.array(fc.record({ license: fc.record({ id: fc.string() }, { requiredKeys: [] }) })),
  },
  { requiredKeys: [] },
);

const generatedCdx = fc
  .record({
    specVersion: fc.constantFrom("1.4", "1.5", "1.6", "1.3", "2.0"),
    components: fc.array(component, { maxLength: 20 }),
    extra: hostileValue,
  })
  .map(({ specVersion, components, extra }) =>
    Buffer.from(
      JSON.stringify({ bomFormat: "CycloneDX", specVersion, components, metadata: { component: extra } }),
    ),
  );

const generatedSpdx = fc
  .record({
    spdxVersion: fc.constantFrom("SPDX-2.2", "SPDX-2.3", "SPDX-3.0"),
    packages: fc.array(
      fc.record({
        name: fc.string(),
        versionInfo: fc.string(),
        primaryPackagePurpose: fc.constantFrom("LIBRARY", "OPERATING-SYSTEM"),
        externalRefs: fc.array(
          fc.record({
            referenceCategory: fc.constant("PACKAGE-MANAGER"),
            referenceType: fc.constantFrom("purl", "cpe23Type"),
            referenceLocator: fc.oneof(fc.string(), fc.constantFrom("pkg:npm/a@1", "pkg:deb/debian/x@1")),
          }),
        ),
      }),
      { maxLength: 20 },
    ),
  })
  .map((doc) => Buffer.from(JSON.stringify(doc)));

describe("fuzz: SBOM input gives an inventory or a clear error", () => {
  test("CycloneDX: mutated real SBOMs and generated documents", async () => {
    await fuzz(
      new Tally("sbom-cyclonedx"),
      fc.oneof(
        { weight: 6, arbitrary: mutatedJson(cdxSeeds) },
        { weight: 3, arbitrary: generatedCdx },
        { weight: 1, arbitrary: noise },
      ),
      (bytes) => fromCycloneDx(bytes, "bom.cdx.json", NOW),
      checkInventory,
    );
  });

  test("SPDX: mutated real SBOMs and generated documents", async () => {
    await fuzz(
      new Tally("sbom-spdx"),
      fc.oneof(
        { weight: 6, arbitrary: mutatedJson(spdxSeeds) },
        { weight: 3, arbitrary: generatedSpdx },
        { weight: 1, arbitrary: noise },
      ),
      (bytes) => fromSpdx(bytes, "bom.spdx.json", NOW),
      checkInventory,
    );
  });

  test("purls: a package or an error with a reason (recorded as the component's problem)", async () => {
    // packageFromPurl's contract is a plain Error with a reason, which fromCycloneDx turns into a problem
    // of the component; the property is that it never escapes as anything but an Error with a message.
    const tally = new Tally("purl");
    await fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc
            .tuple(
              fc.constantFrom("pkg:npm/", "pkg:deb/debian/", "pkg:maven/", "pkg:"),
              fc.string({ unit: "binary" }),
            )
            .map(([a, b]) => a + b),
          fc
            .tuple(
              fc.constantFrom(
                "npm",
                "pypi",
                "deb/debian",
                "deb/ubuntu",
                "apk/alpine",
                "rpm/redhat",
                "maven/org.x",
                "golang/github.com",
                "cargo",
                "gem",
                "nuget",
                "composer/v",
              ),
              fc.string({ unit: "grapheme", minLength: 1 }),
              fc.string({ unit: "grapheme", minLength: 1 }),
              fc.constantFrom("", "?distro=debian-12", "?distro=", "?arch=amd64&distro=alpine-3.19"),
            )
            .map(([t, n, v, q]) => `pkg:${t}/${encodeURIComponent(n)}@${encodeURIComponent(v)}${q}`),
        ),
        (text) => {
          try {
            const p = packageFromPurl(text, undefined, "fuzz");
            assert.equal(typeof p.ecosystem, "string");
            tally.results++;
          } catch (e) {
            assert.ok(e instanceof Error && e.message.length > 0, String(e));
            tally.errors++;
          }
        },
      ),
      params(),
    );
    console.log(tally.line());
  });

  test("a 1,000-deep CycloneDX document is refused with an InputError naming the file, not a stack overflow", () => {
    assert.throws(
      () => fromCycloneDx(nestedCycloneDx(1000), "deep.cdx.json", NOW),
      (e: unknown) =>
        e instanceof InputError && /^deep\.cdx\.json: JSON nested deeper than 256 levels/.test(e.message),
    );
    // 100,000 levels: still the same answer (JSON.parse and the depth check do not recurse).
    assert.throws(() => fromCycloneDx(nestedCycloneDx(100_000), "deep.cdx.json", NOW), InputError);
  });

  test("deep SPDX nesting is refused the same way", () => {
    const doc = JSON.stringify({ spdxVersion: "SPDX-2.3", packages: [], x: deepObject(400, "a") });
    assert.throws(() => fromSpdx(doc, "deep.spdx.json", NOW), /JSON nested deeper than 256 levels/);
  });

  test("a CycloneDX document within the limit (100 nested components) still reads every component", () => {
    const inv = fromCycloneDx(nestedCycloneDx(100), "ok.cdx.json", NOW);
    assert.equal(inv.packages.length, 100);
  });
});
