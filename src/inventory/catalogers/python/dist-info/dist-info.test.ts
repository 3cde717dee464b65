import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import { normalizePypiName } from "../../purl.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { distInfoCataloger } from "./dist-info.js";

/** Catalogs every METADATA / PKG-INFO under a site-packages folder, as the engine would. */
async function catalogSitePackages(dir: string, prefix: string): Promise<Package[]> {
  const out: Package[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const candidates = entry.isDirectory()
      ? ["METADATA", "PKG-INFO"].map((f) => `${entry.name}/${f}`)
      : [entry.name];
    for (const rel of candidates) {
      const abs = join(dir, rel);
      if (!existsSync(abs)) continue;
      const file = fileFromDisk(abs, `${prefix}/${rel}`);
      if (!distInfoCataloger.wants(file)) continue;
      out.push(...((await distInfoCataloger.catalog(file, context())).packages ?? []));
    }
  }
  return out;
}

/** What Python's own importlib.metadata finds in `dir`, names normalised; undefined without python3. */
function importlibMetadata(dir: string): string[] | undefined {
  const script =
    "import importlib.metadata as m, sys\n" +
    "for d in m.distributions(path=[sys.argv[1]]): print(d.metadata['Name'] + '@' + d.version)";
  try {
    const out = execFileSync("python3", ["-c", script, dir], { encoding: "utf8" });
    return out
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => {
        const [n, v] = l.split("@");
        return `${normalizePypiName(n ?? "")}@${v}`;
      })
      .sort();
  } catch {
    return undefined;
  }
}

const summary = (packages: Package[]) => packages.map((p) => `${p.name}@${p.version}`).sort();

describe("python dist-info / egg-info cataloger", () => {
  test("wants METADATA in .dist-info, PKG-INFO in .egg-info and single-file .egg-info", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(
      distInfoCataloger.wants(info("usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO")),
      true,
    );
    assert.equal(distInfoCataloger.wants(info("site-packages/PyYAML-6.0.dist-info/METADATA")), true);
    assert.equal(distInfoCataloger.wants(info("usr/lib/python2.7/dist-packages/foo-1.0.egg-info")), true);
    assert.equal(distInfoCataloger.wants(info("site-packages/PyYAML-6.0.dist-info/RECORD")), false);
  });

  test("Debian python3-* metadata in testdata: same distributions as importlib.metadata", async (t) => {
    const dir = testdata(import.meta.url, "dist-packages");
    const packages = await catalogSitePackages(dir, "usr/lib/python3/dist-packages");
    assert.equal(packages.length, 8);
    const expected = importlibMetadata(dir);
    if (!expected) return t.skip("python3 is not installed");
    assert.deepEqual(summary(packages), expected);
  });

  test("this machine's /usr/lib/python3/dist-packages, when present: same as importlib.metadata", async (t) => {
    const dir = "/usr/lib/python3/dist-packages";
    const expected = existsSync(dir) ? importlibMetadata(dir) : undefined;
    if (!expected) return t.skip("no Debian python3 dist-packages here");
    const packages = await catalogSitePackages(dir, "usr/lib/python3/dist-packages");
    assert.ok(packages.length > 0);
    assert.deepEqual(summary(packages), expected);
  });

  test("name normalised (PEP 503) with the declared name kept, license read, purl built", async () => {
    const dir = testdata(import.meta.url, "dist-packages");
    const packages = await catalogSitePackages(dir, "usr/lib/python3/dist-packages");
    const yaml = packages.find((p) => p.name === "pyyaml");
    assert.equal(yaml?.metadata?.["declaredName"], "PyYAML");
    assert.equal(yaml?.purl, "pkg:pypi/pyyaml@6.0");
    assert.deepEqual(yaml?.licenses, ["MIT"]);
    assert.equal(yaml?.ecosystem, "PyPI");
    const lazr = packages.find((p) => p.name === "lazr-uri");
    assert.equal(lazr?.locations[0], "usr/lib/python3/dist-packages/lazr.uri-1.0.6.egg-info/PKG-INFO");
    const crypto = packages.find((p) => p.name === "cryptography");
    assert.deepEqual(crypto?.licenses, ["BSD-3-Clause OR Apache-2.0"]);
  });

  test("malformed header: InputError with the line", async () => {
    const file = fileFromText(
      "x.dist-info/METADATA",
      "Metadata-Version: 2.1\nName: x\nthis is not a header\n\nbody\n",
    );
    await assert.rejects(distInfoCataloger.catalog(file, context()), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^x\.dist-info\/METADATA line 3: expected a "Name: value" header/);
      return true;
    });
  });

  test("no Version header: InputError", async () => {
    const file = fileFromText(
      "x.egg-info/PKG-INFO",
      "Metadata-Version: 1.0\nName: x\n\nVersion: 1 (in the body, not a header)\n",
    );
    await assert.rejects(
      distInfoCataloger.catalog(file, context()),
      /x\.egg-info\/PKG-INFO line 1: core metadata has no Version header/,
    );
  });
});
