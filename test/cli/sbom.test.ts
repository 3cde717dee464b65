import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { vigilArgs } from "../support/cli.js";

const FEEDS = resolve(import.meta.dirname, "../../../shared/feeds");

function vigil(...args: string[]) {
  return spawnSync(process.execPath, vigilArgs(...args), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

interface Bom {
  components: { type: string; name: string; version?: string; purl?: string }[];
}

/** `dpkg-query -W` on a status file: "name version" per installed package, the reference for dpkg. */
function dpkgQuery(statusFile: string): string[] {
  const admindir = mkdtempSync(join(tmpdir(), "vigil-dpkg-"));
  writeFileSync(join(admindir, "status"), spawnSync("cat", [statusFile], { encoding: "utf8" }).stdout);
  const r = spawnSync(
    "dpkg-query",
    ["--admindir", admindir, "-W", "-f", `${"$"}{Package} ${"$"}{Version}\\n`],
    {
      encoding: "utf8",
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").sort();
}

for (const suite of ["bookworm", "bullseye"]) {
  test(`vigil sbom of the real ${suite} image archive lists exactly what dpkg-query reports for its status file`, async () => {
    const r = vigil("sbom", join(FEEDS, `artifacts/images/debian-${suite}-minbase.tar.gz`));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(r.stdout), null);
    const bom = JSON.parse(r.stdout) as Bom;
    const debs = bom.components
      .filter((c) => c.purl?.startsWith("pkg:deb/"))
      .map((c) => `${c.name} ${c.version}`)
      .sort();
    assert.deepEqual(debs, dpkgQuery(join(FEEDS, `artifacts/dpkg/debian-${suite}-minbase.status`)));
    assert.ok(bom.components.some((c) => c.type === "operating-system" && c.name === "debian"));
  });
}

test("vigil sbom of a directory of lockfiles lists what npm ls reports for each lockfile", () => {
  const dir = join(FEEDS, "artifacts/lockfiles/npm-v3-express-lodash");
  const r = vigil("sbom", dir, "--format", "json");
  assert.equal(r.status, 0, r.stderr);
  const inv = JSON.parse(r.stdout) as { packages: { name: string; version: string; ecosystem: string }[] };
  const ours = new Set(
    inv.packages.filter((p) => p.ecosystem === "npm").map((p) => `${p.name}@${p.version}`),
  );
  const ls = spawnSync("npm", ["ls", "--all", "--package-lock-only", "--json"], {
    cwd: dir,
    encoding: "utf8",
  });
  const theirs = new Set<string>();
  const walk = (
    deps: Record<string, { version?: string; dependencies?: Record<string, unknown> }> | undefined,
  ) => {
    for (const [name, d] of Object.entries(deps ?? {})) {
      if (d.version) theirs.add(`${name}@${d.version}`);
      walk(d.dependencies as never);
    }
  };
  walk((JSON.parse(ls.stdout) as { dependencies?: never }).dependencies);
  assert.ok(theirs.size > 50);
  assert.deepEqual([...ours].sort(), [...theirs].sort());
});

test("vigil sbom --format spdx-json writes an SPDX 2.3 document", () => {
  const r = vigil("sbom", join(FEEDS, "artifacts/lockfiles/yarn-v1"), "--format", "spdx-json");
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { spdxVersion: string; packages: { name: string }[] };
  assert.equal(doc.spdxVersion, "SPDX-2.3");
  assert.ok(doc.packages.some((p) => p.name === "minimist"));
});

test("vigil sbom of something that is not a target is an input error (exit 2) naming it", () => {
  const r = vigil("sbom", "/nonexistent/thing");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\/nonexistent\/thing/);
});
