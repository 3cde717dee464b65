import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import type { OsRelease } from "../../../../model/inventory.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { apkCataloger } from "./apk.js";

const alpine: OsRelease = { id: "alpine", versionId: "3.20.1", ecosystem: "Alpine:v3.20" };
const wolfi: OsRelease = { id: "wolfi", versionId: "20230201", ecosystem: "Wolfi" };
const installed = testdata(import.meta.url, "installed");

describe("apk cataloger", () => {
  test("wants lib/apk/db/installed only", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(apkCataloger.wants(info("lib/apk/db/installed")), true);
    assert.equal(apkCataloger.wants(info("lib/apk/db/triggers")), false);
    assert.equal(apkCataloger.wants(info("usr/lib/apk/db/installed.bak")), false);
  });

  test("every record: name, version, architecture, origin as source, license", async () => {
    const result = await catalogDiskFile(apkCataloger, installed, "lib/apk/db/installed", context(alpine));
    assert.deepEqual(
      result.packages?.map((p) => [
        p.name,
        p.version,
        p.source?.name,
        p.licenses?.[0],
        p.metadata?.["architecture"],
      ]),
      [
        ["alpine-baselayout-data", "3.6.5-r0", "alpine-baselayout", "GPL-2.0-only", "x86_64"],
        ["musl", "1.2.5-r0", "musl", "MIT", "x86_64"],
        ["busybox", "1.36.1-r29", "busybox", "GPL-2.0-only", "x86_64"],
        ["libcrypto3", "3.3.1-r0", "openssl", "Apache-2.0", "x86_64"],
        ["ssl_client", "1.36.1-r29", "busybox", "GPL-2.0-only", "x86_64"],
      ],
    );
  });

  test("ecosystem and purl follow the detected OS (Alpine release, Wolfi)", async () => {
    const a = await catalogDiskFile(apkCataloger, installed, "lib/apk/db/installed", context(alpine));
    const musl = a.packages?.find((p) => p.name === "musl");
    assert.equal(musl?.ecosystem, "Alpine:v3.20");
    assert.equal(musl?.purl, "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.1");
    const w = await catalogDiskFile(apkCataloger, installed, "lib/apk/db/installed", context(wolfi));
    assert.equal(w.packages?.[0]?.ecosystem, "Wolfi");
    assert.match(w.packages?.[0]?.purl ?? "", /^pkg:apk\/wolfi\//);
  });

  test("malformed line: InputError with the line", async () => {
    const file = fileFromText("lib/apk/db/installed", "P:musl\nV:1.2.5-r0\n\nP:busybox\nVersion 1.36\n");
    await assert.rejects(apkCataloger.catalog(file, context(alpine)), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^lib\/apk\/db\/installed line 5: expected "K:value"/);
      return true;
    });
  });

  test("record without a version: InputError at the record's first line", async () => {
    const file = fileFromText("lib/apk/db/installed", "P:musl\nV:1.2.5-r0\n\nP:busybox\nA:x86_64\n");
    await assert.rejects(
      apkCataloger.catalog(file, context(alpine)),
      /installed line 4: package record has no V:/,
    );
  });
});
