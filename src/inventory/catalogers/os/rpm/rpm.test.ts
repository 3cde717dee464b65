import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { InputError } from "../../../../errors.js";
import type { OsRelease } from "../../../../model/inventory.js";
import type { Package } from "../../../../model/package.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { parseSourceRpm, rpmCataloger } from "./rpm.js";

const rhel9: OsRelease = { id: "rhel", versionId: "9.4", ecosystem: "Red Hat" };
const fixture = testdata(import.meta.url, "rpmdb.sqlite");
const recorded = () =>
  readFileSync(testdata(import.meta.url, "rpm-qa.txt"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .sort();
const path = "var/lib/rpm/rpmdb.sqlite";

/** The rpm -qa line format of scripts/fixtures/gen-rpmdb.sh. */
function qaLine(p: Package): string {
  const evr = /^(?:(\d+):)?(.+)-([^-]+)$/.exec(p.version);
  return [
    p.name,
    evr?.[1] ?? "0",
    evr?.[2],
    evr?.[3],
    p.metadata?.["architecture"],
    p.metadata?.["sourceRpm"],
    p.licenses?.[0],
  ].join(" ");
}

/** What the real rpm reads from a copy of a fixture (SQLite, or Berkeley DB through bdb_ro); undefined without rpm. */
function liveRpmQa(file: string, backend: "sqlite" | "bdb_ro"): string[] | undefined {
  const dir = mkdtempSync(join(tmpdir(), "vigil-rpm-test-"));
  try {
    copyFileSync(file, join(dir, backend === "sqlite" ? "rpmdb.sqlite" : "Packages"));
    const out = execFileSync(
      "rpm",
      [
        "--define",
        `_db_backend ${backend}`,
        "-qa",
        "--dbpath",
        dir,
        "--qf",
        "%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH} %{SOURCERPM} %{LICENSE}\\n",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    return out
      .split("\n")
      .filter((l) => l !== "")
      .sort();
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("rpm cataloger", () => {
  test("wants rpmdb.sqlite (and its WAL) where RHEL, Fedora and SUSE keep it", () => {
    const info = (p: string) => ({ path: p, size: 1, mode: 0o644 });
    assert.equal(rpmCataloger.wants(info("var/lib/rpm/rpmdb.sqlite")), true);
    assert.equal(rpmCataloger.wants(info("usr/lib/sysimage/rpm/rpmdb.sqlite")), true);
    assert.equal(rpmCataloger.wants(info("var/lib/rpm/rpmdb.sqlite-wal")), true);
    assert.equal(rpmCataloger.wants(info("var/lib/rpm/rpmdb.sqlite-shm")), false);
    assert.equal(rpmCataloger.wants(info("home/u/rpmdb.sqlite")), false);
    assert.equal(rpmCataloger.wants(info("var/lib/rpm/Packages")), true);
  });

  test("real database built by rpm 4.18: the same packages rpm -qa reads (recorded and live)", async (t) => {
    const result = await catalogDiskFile(rpmCataloger, fixture, path, context(rhel9));
    const ours = (result.packages ?? []).map(qaLine).sort();
    assert.equal(ours.length, 3);
    assert.deepEqual(ours, recorded());
    const live = liveRpmQa(fixture, "sqlite");
    if (!live) return t.skip("rpm is not installed");
    assert.deepEqual(ours, live);
  });

  test("epoch in the version and as a purl qualifier; source package from SOURCERPM", async () => {
    const result = await catalogDiskFile(rpmCataloger, fixture, path, context(rhel9));
    const libs = result.packages?.find((p) => p.name === "vigil-demo-libs");
    assert.equal(libs?.version, "2:1.2.3-4.el9");
    assert.deepEqual(libs?.source, { name: "vigil-demo", version: "2:1.2.3-4.el9" });
    assert.equal(libs?.ecosystem, "Red Hat");
    assert.equal(
      libs?.purl,
      "pkg:rpm/redhat/vigil-demo-libs@1.2.3-4.el9?arch=x86_64&distro=rhel-9.4&epoch=2",
    );
    const tiny = result.packages?.find((p) => p.name === "vigil-tiny");
    assert.equal(tiny?.version, "0.9-1");
    assert.equal(tiny?.purl, "pkg:rpm/redhat/vigil-tiny@0.9-1?arch=noarch&distro=rhel-9.4");
  });

  test("source rpm file names split into name, version, release", () => {
    assert.deepEqual(parseSourceRpm("openssl-3.0.7-27.el9.src.rpm"), {
      name: "openssl",
      version: "3.0.7",
      release: "27.el9",
    });
    assert.deepEqual(parseSourceRpm("python3.11-3.11.7-1.el9.src.rpm"), {
      name: "python3.11",
      version: "3.11.7",
      release: "1.el9",
    });
    assert.equal(parseSourceRpm("(none)"), undefined);
  });

  test("not an SQLite file: InputError naming the file", async () => {
    await assert.rejects(rpmCataloger.catalog(fileFromText(path, "hello"), context(rhel9)), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^var\/lib\/rpm\/rpmdb\.sqlite: /);
      return true;
    });
  });

  test("a truncated header blob: InputError naming the file and the record", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-rpm-bad-"));
    try {
      const bad = join(dir, "rpmdb.sqlite");
      copyFileSync(fixture, bad);
      const db = new Database(bad);
      db.prepare("UPDATE Packages SET blob = substr(blob, 1, 40) WHERE hnum = 2").run();
      db.close();
      await assert.rejects(
        catalogDiskFile(rpmCataloger, bad, path, context(rhel9)),
        /var\/lib\/rpm\/rpmdb\.sqlite record 2: header claims \d+ index entries/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  for (const size of ["512", "4096"]) {
    test(`Berkeley DB Packages, ${size}-byte pages: the same packages rpm's bdb_ro backend reads`, async (t) => {
      const disk = testdata(import.meta.url, `bdb-${size}`, "Packages");
      const result = await catalogDiskFile(rpmCataloger, disk, "var/lib/rpm/Packages", context(rhel9));
      const ours = (result.packages ?? []).map(qaLine).sort();
      assert.deepEqual(ours, recorded());
      const live = liveRpmQa(disk, "bdb_ro");
      if (!live) return t.skip("rpm is not installed");
      assert.deepEqual(ours, live);
    });
  }

  test("Berkeley DB: a file that is not one is an InputError naming it", async () => {
    const file = fileFromText("var/lib/rpm/Packages", Buffer.alloc(4096, 7));
    await assert.rejects(
      rpmCataloger.catalog(file, context(rhel9)),
      /^InputError: var\/lib\/rpm\/Packages: not a Berkeley DB hash database/,
    );
  });

  test("Berkeley DB: a truncated file is an InputError naming it", async () => {
    const bytes = readFileSync(testdata(import.meta.url, "bdb-512", "Packages")).subarray(0, 2048);
    await assert.rejects(
      rpmCataloger.catalog(fileFromText("var/lib/rpm/Packages", bytes), context(rhel9)),
      /var\/lib\/rpm\/Packages: the database is truncated/,
    );
  });
});
