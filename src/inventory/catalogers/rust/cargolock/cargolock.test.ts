import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { cargoLockCataloger, parseCargoLock } from "./cargolock.js";

const fixture = (p: string): string => testdata(import.meta.url, p);

/** `cargo metadata` resolve saved next to the v4 fixture: "name@version source". */
const reference = readFileSync(fixture("v4-workspace/cargo-metadata.txt"), "utf8").trim().split("\n");

describe("Cargo.lock cataloger", () => {
  for (const v of ["v4-workspace", "v3", "v2", "v1"]) {
    test(`${v}: the same 17 crates as \`cargo metadata\` resolves`, async () => {
      const file = fileFromDisk(fixture(`${v}/Cargo.lock`), "ws/Cargo.lock");
      assert.ok(cargoLockCataloger.wants(file));
      const { packages = [] } = await cargoLockCataloger.catalog(file, context());
      assert.deepEqual(
        packages.map((p) => `${p.name}@${p.version} ${p.metadata?.sourceId ?? "(workspace)"}`).sort(),
        reference,
      );
    });
  }

  test("lock versions: 4 and 3 as written, 1 for the unversioned layouts", () => {
    const version = (v: string): number =>
      parseCargoLock(v, readFileSync(fixture(`${v}/Cargo.lock`), "utf8")).version;
    assert.deepEqual(["v4-workspace", "v3", "v2", "v1"].map(version), [4, 3, 1, 1]);
  });

  test("workspace members are kept and marked local; what they depend on from the registry is direct", async () => {
    const { packages = [] } = await cargoLockCataloger.catalog(
      fileFromDisk(fixture("v4-workspace/Cargo.lock"), "Cargo.lock"),
      context(),
    );
    const local = packages.filter((p) => p.metadata?.source === "local").map((p) => p.name);
    assert.deepEqual(local, ["app", "util"]);
    assert.deepEqual(
      packages.filter((p) => p.direct).map((p) => p.name),
      ["log", "regex", "serde", "serde_json"],
    );
    const serde = packages.find((p) => p.name === "serde");
    assert.equal(serde?.purl, "pkg:cargo/serde@1.0.152");
    assert.equal(serde?.ecosystem, "crates.io");
    assert.equal(serde?.metadata?.source, "registry");
  });

  test("git sources are marked git", async () => {
    const text = [
      "version = 4",
      "",
      "[[package]]",
      'name = "tokio"',
      'version = "1.38.0"',
      'source = "git+https://github.com/tokio-rs/tokio?branch=master#a1b2c3d"',
      "",
    ].join("\n");
    const { packages = [] } = await cargoLockCataloger.catalog(fileFromText("Cargo.lock", text), context());
    assert.equal(packages[0]?.metadata?.source, "git");
  });

  test("a package without a version is an InputError naming the file and the package's line", async () => {
    const text = 'version = 3\n\n[[package]]\nname = "a"\nversion = "1.0.0"\n\n[[package]]\nname = "b"\n';
    await assert.rejects(
      cargoLockCataloger.catalog(fileFromText("x/Cargo.lock", text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.equal(e.message, "x/Cargo.lock line 7: a [[package]] needs a string name and version");
        return true;
      },
    );
  });

  test("an unterminated string is an InputError naming the line; an unknown lock version is refused", async () => {
    await assert.rejects(
      cargoLockCataloger.catalog(
        fileFromText("Cargo.lock", 'version = 3\n[[package]]\nname = "a\n'),
        context(),
      ),
      /Cargo\.lock line 3: malformed string/,
    );
    await assert.rejects(
      cargoLockCataloger.catalog(fileFromText("Cargo.lock", "version = 9\n"), context()),
      /Cargo\.lock version 9 is not supported \(1 to 4 are\)/,
    );
  });
});
