import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText } from "../../test-support.js";
import { javaArchiveCataloger } from "./archive.js";
import { parseProperties } from "./metadata.js";

const MAVEN_LIB = "/usr/share/maven/lib";
const JAVA = "/usr/share/java";
const hasUnzip = existsSync("/usr/bin/unzip");
const hasZip = existsSync("/usr/bin/zip");

/** The reference: what `unzip -p` prints for a jar's pom.properties files, as "group:artifact@version". */
function unzipPomProperties(jar: string): string[] {
  const listing = execFileSync("unzip", ["-Z1", jar], { encoding: "utf8" }).split("\n");
  return listing
    .filter((n) => /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(n))
    .map((n) => {
      const p = parseProperties(execFileSync("unzip", ["-p", jar, n], { encoding: "utf8" }));
      return `${p.get("groupId")}:${p.get("artifactId")}@${p.get("version")}`;
    });
}

const work = mkdtempSync(join(tmpdir(), "vigil-java-archive-"));
after(() => rmSync(work, { recursive: true, force: true }));

describe("Java archive cataloger", () => {
  test("Debian's maven/lib jars: every pom.properties as `unzip -p` reads it, the rest from manifest or file name", async (t) => {
    if (!existsSync(MAVEN_LIB) || !hasUnzip)
      return t.skip(`${MAVEN_LIB} or unzip absent: apt-get install maven unzip`);
    let fromPom = 0;
    const guessed = new Map<string, string[]>();
    for (const name of readdirSync(MAVEN_LIB).filter((n) => n.endsWith(".jar"))) {
      const path = `usr/share/maven/lib/${name}`;
      const { packages = [] } = await javaArchiveCataloger.catalog(
        fileFromDisk(join(MAVEN_LIB, name), path),
        context(),
      );
      const want = unzipPomProperties(join(MAVEN_LIB, name));
      if (want.length > 0) {
        assert.deepEqual(packages.map((p) => `${p.name}@${p.version}`).sort(), want.sort(), name);
        fromPom += want.length;
      } else {
        guessed.set(
          name,
          packages.map((p) => `${p.name}@${p.version} (${p.metadata?.coordinates})`),
        );
      }
      assert.ok(packages.every((p) => p.ecosystem === "Maven" && p.locations[0] === path));
    }
    assert.ok(fromPom >= 40, `maven/lib holds over 40 jars with pom.properties (found ${fromPom})`);
    assert.deepEqual(Object.fromEntries(guessed), {
      "aopalliance.jar": [], // no manifest fields, no version in the (symlink) file name: nothing to report
      "guice-no-aop.jar": ["com.google.inject:guice-no-aop@4.2.3 (guessed from the manifest)"],
      "javax.inject.jar": ["javax.inject:javax.inject@1.0.0 (guessed from the manifest)"],
    });
  });

  test("commons-lang3: Maven name groupId:artifactId, purl pkg:maven", async (t) => {
    const jar = join(JAVA, "commons-lang3.jar");
    if (!existsSync(jar)) return t.skip(`${jar} absent: apt-get install libcommons-lang3-java`);
    const file = fileFromDisk(jar, "app/lib/commons-lang3-3.12.0.jar");
    assert.ok(javaArchiveCataloger.wants(file));
    const { packages = [] } = await javaArchiveCataloger.catalog(file, context());
    assert.deepEqual(packages, [
      {
        name: "org.apache.commons:commons-lang3",
        version: "3.12.0",
        ecosystem: "Maven",
        purl: "pkg:maven/org.apache.commons/commons-lang3@3.12.0",
        locations: ["app/lib/commons-lang3-3.12.0.jar"],
        foundBy: "java-archive",
        metadata: { pomProperties: "META-INF/maven/org.apache.commons/commons-lang3/pom.properties" },
      },
    ]);
  });

  test("an archive without pom.properties or manifest fields takes its coordinates from the file name", async (t) => {
    const jar = join(JAVA, "aopalliance-1.0.jar");
    if (!existsSync(jar)) return t.skip(`${jar} absent: apt-get install libaopalliance-java`);
    const { packages = [] } = await javaArchiveCataloger.catalog(
      fileFromDisk(jar, "lib/aopalliance-1.0.jar"),
      context(),
    );
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.metadata?.coordinates]),
      [["aopalliance:aopalliance", "1.0", "guessed from the file name"]],
    );
  });

  test("an ear holding a war holding jars: every level found, located by its path inside", async (t) => {
    const jars = ["commons-lang3.jar", "jackson-databind.jar", "guava.jar", "aopalliance-1.0.jar"].map((j) =>
      join(JAVA, j),
    );
    if (!hasZip || !jars.every((j) => existsSync(j))) {
      return t.skip(
        "zip or Debian jars absent: apt-get install zip libcommons-lang3-java libjackson2-databind-java libguava-java",
      );
    }
    const [lang3, databind, guava, aop] = jars.map((j) => realpathSync(j)) as [
      string,
      string,
      string,
      string,
    ];
    const warDir = join(work, "war");
    mkdirSync(join(warDir, "WEB-INF/lib"), { recursive: true });
    copyFileSync(lang3, join(warDir, "WEB-INF/lib/commons-lang3-3.12.0.jar"));
    copyFileSync(databind, join(warDir, "WEB-INF/lib/jackson-databind.jar"));
    copyFileSync(aop, join(warDir, "WEB-INF/lib/aopalliance-1.0.jar"));
    execFileSync("zip", ["-qr", join(work, "shop.war"), "WEB-INF"], { cwd: warDir });
    const earDir = join(work, "ear");
    mkdirSync(join(earDir, "lib"), { recursive: true });
    copyFileSync(join(work, "shop.war"), join(earDir, "shop.war"));
    copyFileSync(guava, join(earDir, "lib/guava.jar"));
    execFileSync("zip", ["-qr", join(work, "shop.ear"), "shop.war", "lib"], { cwd: earDir });

    const { packages = [] } = await javaArchiveCataloger.catalog(
      fileFromDisk(join(work, "shop.ear"), "srv/shop.ear"),
      context(),
    );
    assert.deepEqual(packages.map((p) => `${p.name}@${p.version} ${p.locations[0]}`).sort(), [
      "aopalliance:aopalliance@1.0 srv/shop.ear!/shop.war!/WEB-INF/lib/aopalliance-1.0.jar",
      "com.fasterxml.jackson.core:jackson-databind@2.14.0 srv/shop.ear!/shop.war!/WEB-INF/lib/jackson-databind.jar",
      "com.google.guava:guava@31.1-jre srv/shop.ear!/lib/guava.jar",
      "org.apache.commons:commons-lang3@3.12.0 srv/shop.ear!/shop.war!/WEB-INF/lib/commons-lang3-3.12.0.jar",
    ]);
  });

  test("wants Java archives by extension only", () => {
    for (const p of ["a.jar", "x/y.WAR", "z.ear", "jenkins/plugins/git.hpi"]) {
      assert.ok(javaArchiveCataloger.wants({ path: p, size: 1, mode: 0o644 }), p);
    }
    for (const p of ["a.zip", "jar", "a.jar.sha1", "pom.xml"]) {
      assert.ok(!javaArchiveCataloger.wants({ path: p, size: 1, mode: 0o644 }), p);
    }
  });

  test("a file that is not a zip is an InputError naming the archive", async () => {
    await assert.rejects(
      javaArchiveCataloger.catalog(fileFromText("lib/broken.jar", "this is not a zip file"), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^lib\/broken\.jar: not a readable Java archive \(zip\): /);
        return true;
      },
    );
  });

  test("a corrupt nested jar is an InputError naming the nested path", async (t) => {
    if (!hasZip) return t.skip("zip absent: apt-get install zip");
    const dir = join(work, "corrupt");
    mkdirSync(join(dir, "WEB-INF/lib"), { recursive: true });
    execFileSync(
      "sh",
      ["-c", "printf 'PK not really' > WEB-INF/lib/bad.jar && zip -qr ../corrupt.war WEB-INF"],
      { cwd: dir },
    );
    await assert.rejects(
      javaArchiveCataloger.catalog(fileFromDisk(join(work, "corrupt.war"), "app.war"), context()),
      /^InputError: app\.war!\/WEB-INF\/lib\/bad\.jar: not a readable Java archive/,
    );
  });
});
