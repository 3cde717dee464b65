import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import {
  catalogDiskFile,
  context,
  debian12,
  fileFromText,
  sharedFeeds,
  testdata,
} from "../../test-support.js";
import { dpkgCataloger } from "./dpkg.js";

const bookworm = join(sharedFeeds, "artifacts/dpkg/debian-bookworm-minbase.status");
const bullseye = join(sharedFeeds, "artifacts/dpkg/debian-bullseye-minbase.status");
const variants = testdata(import.meta.url, "variants.status");

function hasDpkgQuery(): boolean {
  try {
    execFileSync("dpkg-query", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** What dpkg itself says is installed in a status file: "name version arch source sourceVersion" lines. */
function dpkgQueryInstalled(statusFile: string): string[] {
  const admin = mkdtempSync(join(tmpdir(), "vigil-dpkg-"));
  try {
    copyFileSync(statusFile, join(admin, "status"));
    mkdirSync(join(admin, "updates"));
    mkdirSync(join(admin, "info"));
    const out = execFileSync(
      "dpkg-query",
      [
        `--admindir=${admin}`,
        "-W",
        "-f",
        // dpkg-query's own ${field} syntax, not a template string
        ["db:Status-Abbrev", "Package", "Version", "Architecture", "source:Package", "source:Version"]
          .map((f) => `\${${f}}`)
          .join("\\t") + "\\n",
      ],
      { encoding: "utf8" },
    );
    return out
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => l.split("\t"))
      .filter((cols) => cols[0]?.[1] === "i")
      .map((cols) => cols.slice(1).join(" "))
      .sort();
  } finally {
    rmSync(admin, { recursive: true, force: true });
  }
}

function summary(packages: Package[]): string[] {
  return packages
    .map(
      (p) => `${p.name} ${p.version} ${p.metadata?.["architecture"]} ${p.source?.name} ${p.source?.version}`,
    )
    .sort();
}

describe("dpkg cataloger", () => {
  test("wants the status file and distroless status.d entries, not their md5sums", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(dpkgCataloger.wants(info("var/lib/dpkg/status")), true);
    assert.equal(dpkgCataloger.wants(info("var/lib/dpkg/status.d/libssl3")), true);
    assert.equal(dpkgCataloger.wants(info("var/lib/dpkg/status.d/libssl3.md5sums")), false);
    assert.equal(dpkgCataloger.wants(info("var/lib/dpkg/status-old")), false);
    assert.equal(dpkgCataloger.wants(info("var/lib/dpkg/available")), false);
  });

  for (const [label, file, count] of [
    ["Debian 12 minbase", bookworm, 88],
    ["Debian 11 minbase", bullseye, 96],
    ["edited states (held, config-files)", variants, 4],
  ] as const) {
    test(`${label}: same installed packages, versions, architectures and sources as dpkg-query`, async (t) => {
      const result = await catalogDiskFile(dpkgCataloger, file, "var/lib/dpkg/status", context(debian12));
      const packages = result.packages ?? [];
      assert.equal(packages.length, count);
      if (!hasDpkgQuery()) {
        t.skip("dpkg-query is not installed");
        return;
      }
      assert.deepEqual(summary(packages), dpkgQueryInstalled(file));
    });
  }

  test("Debian 12: libc6 keeps its ecosystem, source, purl and location", async () => {
    const result = await catalogDiskFile(dpkgCataloger, bookworm, "var/lib/dpkg/status", context(debian12));
    const libc6 = result.packages?.find((p) => p.name === "libc6");
    assert.deepEqual(
      {
        version: libc6?.version,
        ecosystem: libc6?.ecosystem,
        source: libc6?.source,
        purl: libc6?.purl,
        locations: libc6?.locations,
        foundBy: libc6?.foundBy,
      },
      {
        version: "2.36-9+deb12u14",
        ecosystem: "Debian:12",
        source: { name: "glibc", version: "2.36-9+deb12u14" },
        purl: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12",
        locations: ["var/lib/dpkg/status"],
        foundBy: "dpkg",
      },
    );
  });

  test("epoch stays in the version and the source defaults to the binary's own name", async () => {
    const result = await catalogDiskFile(dpkgCataloger, bookworm, "var/lib/dpkg/status", context(debian12));
    const zlib = result.packages?.find((p) => p.name === "zlib1g");
    assert.equal(zlib?.version, "1:1.2.13.dfsg-1");
    assert.deepEqual(zlib?.source, { name: "zlib", version: "1:1.2.13.dfsg-1" });
    const apt = result.packages?.find((p) => p.name === "apt");
    assert.deepEqual(apt?.source, { name: "apt", version: "2.6.1" });
  });

  test('Source "name (version)" gives the source version (binNMU)', async () => {
    const result = await catalogDiskFile(dpkgCataloger, variants, "var/lib/dpkg/status", context(debian12));
    const bash = result.packages?.find((p) => p.name === "bash");
    assert.equal(bash?.version, "5.2.15-2+b8");
    assert.deepEqual(bash?.source, { name: "bash", version: "5.2.15-2" });
  });

  test("config-files packages are not inventory; held packages are", async () => {
    const result = await catalogDiskFile(dpkgCataloger, variants, "var/lib/dpkg/status", context(debian12));
    const names = (result.packages ?? []).map((p) => p.name).sort();
    assert.deepEqual(names, ["bash", "libc6", "libssl3", "zlib1g"]);
  });

  test("ecosystem falls back to Debian when the OS is unknown (Ubuntu when only its id is known)", async () => {
    const result = await catalogDiskFile(dpkgCataloger, variants, "var/lib/dpkg/status");
    assert.equal(result.packages?.[0]?.ecosystem, "Debian");
    assert.match(result.packages?.[0]?.purl ?? "", /^pkg:deb\/debian\/zlib1g@1:1\.2\.13\.dfsg-1\?arch=amd64/);
    const ubuntu = await catalogDiskFile(
      dpkgCataloger,
      variants,
      "var/lib/dpkg/status",
      context({ id: "ubuntu" }),
    );
    assert.equal(ubuntu.packages?.[0]?.ecosystem, "Ubuntu");
    assert.match(ubuntu.packages?.[0]?.purl ?? "", /^pkg:deb\/ubuntu\/zlib1g@/);
  });

  test("distroless status.d: stanzas without Status are installed", async () => {
    const dir = testdata(import.meta.url, "distroless/var/lib/dpkg/status.d");
    const ssl = await catalogDiskFile(
      dpkgCataloger,
      join(dir, "libssl3"),
      "var/lib/dpkg/status.d/libssl3",
      context(debian12),
    );
    assert.deepEqual(
      ssl.packages?.map((p) => [p.name, p.version, p.source?.name]),
      [["libssl3", "3.0.19-1~deb12u2", "openssl"]],
    );
    assert.equal(ssl.packages?.[0]?.locations[0], "var/lib/dpkg/status.d/libssl3");
  });

  test("malformed stanza: InputError names the file and the line", async () => {
    const text =
      "Package: a\nStatus: install ok installed\nVersion: 1.0\n\nPackage: b\nthis is not a field\n";
    const file = fileFromText("var/lib/dpkg/status", text);
    await assert.rejects(dpkgCataloger.catalog(file, context(debian12)), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^var\/lib\/dpkg\/status line 6: expected "Field: value"/);
      return true;
    });
  });

  test("installed stanza without a Version: InputError with the stanza's line", async () => {
    const text =
      "Package: a\nStatus: install ok installed\nVersion: 1.0\n\nPackage: b\nStatus: install ok installed\n";
    const file = fileFromText("var/lib/dpkg/status", text);
    await assert.rejects(
      dpkgCataloger.catalog(file, context(debian12)),
      /status line 5: stanza has no Version/,
    );
  });
});
