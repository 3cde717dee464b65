import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { requirementsCataloger } from "./requirements.js";

/**
 * pip's own requirements parser (following -r), keeping exact pins: "file name@version" lines, names PEP 503
 * normalised. Undefined when python3 with pip is not available.
 */
function pipPins(path: string): string[] | undefined {
  const script = `
import re, sys
from pip._internal.req.req_file import parse_requirements
from pip._internal.network.session import PipSession
from pip._vendor.packaging.requirements import Requirement
for r in parse_requirements(sys.argv[1], session=PipSession()):
    if r.is_editable:
        continue
    try:
        req = Requirement(r.requirement)
    except Exception:
        continue
    specs = list(req.specifier)
    if req.url or len(specs) != 1 or specs[0].operator not in ("==", "===") or "*" in specs[0].version:
        continue
    source = re.match(r"-r (\\S+)", r.comes_from).group(1)
    print(source, re.sub(r"[-_.]+", "-", req.name).lower() + "@" + specs[0].version)
`;
  try {
    const out = execFileSync("python3", ["-c", script, path], {
      encoding: "utf8",
      cwd: testdata(import.meta.url),
    });
    return out
      .split("\n")
      .filter((l) => l !== "")
      .sort();
  } catch {
    return undefined;
  }
}

const lines = (file: string, packages: Package[]) => packages.map((p) => `${file} ${p.name}@${p.version}`);

describe("requirements.txt cataloger", () => {
  test("wants requirements files by their usual names", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    for (const p of [
      "requirements.txt",
      "app/requirements-dev.txt",
      "dev-requirements.txt",
      "requirements/base.txt",
    ]) {
      assert.equal(requirementsCataloger.wants(info(p)), true, p);
    }
    for (const p of ["requirements.in", "notes.txt", "myrequirementsfile.txt"]) {
      assert.equal(requirementsCataloger.wants(info(p)), false, p);
    }
  });

  test("exact pins of both files (the -r one catalogued on its own) are what pip's parser pins", async (t) => {
    const main = await catalogDiskFile(
      requirementsCataloger,
      testdata(import.meta.url, "requirements.txt"),
      "requirements.txt",
    );
    const dev = await catalogDiskFile(
      requirementsCataloger,
      testdata(import.meta.url, "requirements-dev.txt"),
      "requirements-dev.txt",
    );
    assert.equal(main.packages?.length, 6);
    assert.equal(dev.packages?.length, 2);
    const ours = [
      ...lines("requirements.txt", main.packages ?? []),
      ...lines("requirements-dev.txt", dev.packages ?? []),
    ];
    const expected = pipPins("requirements.txt");
    if (!expected) return t.skip("python3 with pip is not available");
    assert.deepEqual(ours.sort(), expected);
  });

  test("continuation lines, hashes, extras, markers and === are read; names normalised; line recorded", async () => {
    const packages =
      (
        await catalogDiskFile(
          requirementsCataloger,
          testdata(import.meta.url, "requirements.txt"),
          "requirements.txt",
        )
      ).packages ?? [];
    const django = packages.find((p) => p.name === "django");
    assert.equal(django?.version, "3.2.12");
    assert.equal(django?.metadata?.["line"], "5");
    assert.equal(packages.find((p) => p.name === "zope-interface")?.purl, "pkg:pypi/zope-interface@5.4.0");
    assert.equal(packages.find((p) => p.name === "jinja2")?.version, "2.11.2");
    assert.equal(packages.find((p) => p.name === "requests")?.version, "2.25.1");
    assert.ok(packages.every((p) => p.dev === undefined));
  });

  test("a -dev requirements file marks its packages dev", async () => {
    const dev = await catalogDiskFile(
      requirementsCataloger,
      testdata(import.meta.url, "requirements-dev.txt"),
      "requirements-dev.txt",
    );
    assert.deepEqual(
      dev.packages?.map((p) => [p.name, p.dev]),
      [
        ["pytest", true],
        ["coverage", true],
      ],
    );
  });

  test("a line pip cannot read: InputError with the line", async () => {
    const file = fileFromText("requirements.txt", "flask==2.0.1\n\n==1.0\n");
    await assert.rejects(requirementsCataloger.catalog(file, context()), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^requirements\.txt line 3: not a requirement pip understands: "==1\.0"/);
      return true;
    });
  });
});
