import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { deflateSync } from "node:zlib";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { cargoAuditableCataloger } from "./auditable.js";

const payload = testdata(import.meta.url, "app.dep-v0");
const work = mkdtempSync(join(tmpdir(), "vigil-auditable-"));
after(() => rmSync(work, { recursive: true, force: true }));
const hasObjcopy = existsSync("/usr/bin/objcopy") && existsSync("/usr/bin/true");

/** A real ELF (/usr/bin/true) with `section` added as .dep-v0, as cargo-auditable places it. */
function auditableElf(name: string, section: Buffer): string {
  const sectionFile = join(work, `${name}.dep-v0`);
  execFileSync("sh", ["-c", 'cat > "$1"', "sh", sectionFile], { input: section });
  const out = join(work, name);
  execFileSync("objcopy", ["--add-section", `.dep-v0=${sectionFile}`, "/usr/bin/true", out]);
  return out;
}

describe("cargo-auditable cataloger", () => {
  test("reads the 17 crates of the embedded list: root local, its dependencies direct, proc macros build-time", async (t) => {
    if (!hasObjcopy) return t.skip("objcopy absent: apt-get install binutils");
    const elf = auditableElf("app", readFileSync(payload));
    const { packages = [] } = await cargoAuditableCataloger.catalog(
      fileFromDisk(elf, "usr/local/bin/app"),
      context(),
    );
    assert.equal(packages.length, 17);
    assert.deepEqual(
      packages.filter((p) => p.metadata?.source === "local").map((p) => [p.name, p.metadata?.root]),
      [
        ["app", "true"],
        ["util", undefined],
      ],
    );
    assert.deepEqual(
      packages.filter((p) => p.direct).map((p) => p.name),
      ["regex", "serde", "serde_json", "util"],
    );
    assert.deepEqual(
      packages.filter((p) => p.metadata?.kind === "build").map((p) => p.name),
      ["proc-macro2", "quote", "serde_derive", "syn", "unicode-ident"],
    );
    const regex = packages.find((p) => p.name === "regex");
    assert.deepEqual(regex, {
      name: "regex",
      version: "1.7.1",
      ecosystem: "crates.io",
      purl: "pkg:cargo/regex@1.7.1",
      locations: ["usr/local/bin/app"],
      direct: true,
      foundBy: "cargo-auditable",
      metadata: { source: "crates.io", kind: "runtime" },
    });
  });

  test("a program without a .dep-v0 section yields nothing", async (t) => {
    if (!existsSync("/usr/bin/true")) return t.skip("/usr/bin/true absent");
    const { packages } = await cargoAuditableCataloger.catalog(
      fileFromDisk("/usr/bin/true", "usr/bin/true"),
      context(),
    );
    assert.equal(packages, undefined);
  });

  test("wants executables of plausible size", () => {
    assert.ok(cargoAuditableCataloger.wants({ path: "usr/bin/rg", size: 4_000_000, mode: 0o755 }));
    assert.ok(!cargoAuditableCataloger.wants({ path: "usr/bin/rg", size: 4_000_000, mode: 0o644 }));
    assert.ok(!cargoAuditableCataloger.wants({ path: "usr/lib/librg.so", size: 4_000_000, mode: 0o755 }));
  });

  test("a .dep-v0 section that is not zlib data is an InputError naming the binary", async (t) => {
    if (!hasObjcopy) return t.skip("objcopy absent: apt-get install binutils");
    const elf = auditableElf("garbage", Buffer.from("not compressed at all"));
    await assert.rejects(
      cargoAuditableCataloger.catalog(fileFromDisk(elf, "bin/garbage"), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^bin\/garbage: \.dep-v0 section is not zlib data/);
        return true;
      },
    );
  });

  test("a dependency index past the package list is an InputError naming the package", async (t) => {
    if (!hasObjcopy) return t.skip("objcopy absent: apt-get install binutils");
    const json = JSON.stringify({
      packages: [{ name: "a", version: "1.0.0", source: "local", root: true, dependencies: [3] }],
    });
    const elf = auditableElf("bad-index", deflateSync(json));
    await assert.rejects(
      cargoAuditableCataloger.catalog(fileFromDisk(elf, "bin/a"), context()),
      /bin\/a: \.dep-v0 dependency list: packages\.0 \(a\) depends on missing index 3/,
    );
  });

  test("a truncated ELF is an InputError naming the binary", async () => {
    const head = readFileSync("/usr/bin/true").subarray(0, 200);
    await assert.rejects(
      cargoAuditableCataloger.catalog(fileFromText("bin/cut", head, 0o755), context()),
      /^InputError: bin\/cut: unreadable executable headers: .* outside the file.*; is the binary truncated\?/,
    );
  });
});
