import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { javaCataloger } from "./java.js";

/** The version `java -version` prints (on stderr: "openjdk version \"25.0.3\" ..."); undefined without a java. */
function javaVersion(home: string): string | undefined {
  const java = `${home}/bin/java`;
  if (!existsSync(java)) return undefined;
  const out = execFileSync("sh", ["-c", `"${java}" -version 2>&1`], { encoding: "utf8" });
  return /version "([^"]+)"/.exec(out)?.[1];
}

describe("Java release-file cataloger", () => {
  test("wants release files of JDK/JRE folders only", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(javaCataloger.wants(info("usr/lib/jvm/java-17-openjdk-amd64/release")), true);
    assert.equal(javaCataloger.wants(info("opt/java/openjdk/release")), true);
    assert.equal(javaCataloger.wants(info("usr/lib/jvm/temurin-25-jdk-amd64/release")), true);
    assert.equal(javaCataloger.wants(info("etc/release")), false);
    assert.equal(javaCataloger.wants(info("srv/app/release")), false);
  });

  for (const [dir, product, version] of [
    ["temurin-25-jdk-amd64", "eclipse-temurin", "25.0.3"],
    ["java-17-openjdk-amd64", "openjdk", "17.0.15"],
  ] as const) {
    test(`real release file of ${dir}: ${product} ${version}`, async () => {
      const path = `usr/lib/jvm/${dir}/release`;
      const result = await catalogDiskFile(
        javaCataloger,
        testdata(import.meta.url, dir, "release"),
        path,
        context(),
      );
      assert.deepEqual(result.runtimes, [{ product, version, location: path }]);
    });

    test(`${dir} installed here: same version as its java -version`, async (t) => {
      const home = `/usr/lib/jvm/${dir}`;
      const expected = existsSync(`${home}/release`) ? javaVersion(home) : undefined;
      if (!expected) return t.skip(`${home} is not installed here`);
      const result = await catalogDiskFile(
        javaCataloger,
        `${home}/release`,
        `${home.slice(1)}/release`,
        context(),
      );
      assert.equal(result.runtimes?.[0]?.version, expected);
    });
  }

  test("Corretto and Oracle builds map to their own products", async () => {
    const corretto = fileFromText(
      "usr/lib/jvm/java-21-amazon-corretto/release",
      'IMPLEMENTOR="Amazon.com Inc."\nJAVA_VERSION="21.0.4"\n',
    );
    assert.equal(
      (await javaCataloger.catalog(corretto, context())).runtimes?.[0]?.product,
      "amazon-corretto",
    );
    const oracle = fileFromText(
      "opt/jdk-21/release",
      'IMPLEMENTOR="Oracle Corporation"\nJAVA_VERSION="21.0.4"\nBUILD_TYPE="commercial"\n',
    );
    assert.equal((await javaCataloger.catalog(oracle, context())).runtimes?.[0]?.product, "oracle-jdk");
  });

  test("a release file without JAVA_VERSION is not a Java runtime", async () => {
    const other = fileFromText("opt/javadoc-tools/release", "VERSION=3\n");
    assert.deepEqual(await javaCataloger.catalog(other, context()), {});
  });
});
