import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { gradleLockfileCataloger } from "./gradle.js";

describe("gradle.lockfile cataloger", () => {
  test("every locked module is a Maven package; modules only test configurations resolve are dev", async () => {
    const file = fileFromDisk(testdata(import.meta.url, "gradle.lockfile"), "app/gradle.lockfile");
    assert.ok(gradleLockfileCataloger.wants(file));
    const { packages = [] } = await gradleLockfileCataloger.catalog(file, context());
    assert.equal(packages.length, 19);
    assert.deepEqual(
      packages.filter((p) => p.dev).map((p) => p.name),
      [
        "org.apiguardian:apiguardian-api",
        "org.junit.jupiter:junit-jupiter-api",
        "org.junit.jupiter:junit-jupiter-engine",
        "org.junit.jupiter:junit-jupiter-params",
        "org.junit.jupiter:junit-jupiter",
        "org.junit.platform:junit-platform-commons",
        "org.junit.platform:junit-platform-engine",
        "org.opentest4j:opentest4j",
      ],
    );
    const guava = packages.find((p) => p.name === "com.google.guava:guava");
    assert.equal(guava?.version, "31.1-jre");
    assert.equal(guava?.purl, "pkg:maven/com.google.guava/guava@31.1-jre");
    assert.equal(guava?.dev, undefined);
  });

  test("wants gradle.lockfile and buildscript-gradle.lockfile only", () => {
    assert.ok(gradleLockfileCataloger.wants({ path: "gradle.lockfile", size: 1, mode: 0o644 }));
    assert.ok(
      gradleLockfileCataloger.wants({ path: "sub/buildscript-gradle.lockfile", size: 1, mode: 0o644 }),
    );
    assert.ok(
      !gradleLockfileCataloger.wants({ path: "sub/settings-gradle.lockfile.bak", size: 1, mode: 0o644 }),
    );
  });

  test("a line without a version is an InputError naming the file and line", async () => {
    const text = "# header\ncom.google.guava:guava=compileClasspath\n";
    await assert.rejects(
      gradleLockfileCataloger.catalog(fileFromText("app/gradle.lockfile", text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(
          e.message,
          /^app\/gradle\.lockfile line 2: expected "group:artifact:version=configurations"/,
        );
        return true;
      },
    );
  });
});
