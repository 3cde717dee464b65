import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { tomcatCataloger } from "./tomcat.js";

const debianJar = "/usr/share/java/tomcat10-catalina-10.1.60.jar";

/** What Tomcat says about itself: `java -cp catalina.jar org.apache.catalina.util.ServerInfo`. */
function serverNumber(jar: string): string | undefined {
  try {
    const out = execFileSync("java", ["-cp", jar, "org.apache.catalina.util.ServerInfo"], {
      encoding: "utf8",
    });
    return /Server number:\s*(\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

describe("Tomcat cataloger", () => {
  test("wants catalina.jar in a lib folder and Debian's versioned jar", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(tomcatCataloger.wants(info("usr/local/tomcat/lib/catalina.jar")), true);
    assert.equal(tomcatCataloger.wants(info("usr/share/java/tomcat10-catalina-10.1.60.jar")), true);
    assert.equal(tomcatCataloger.wants(info("usr/local/tomcat/lib/catalina-ha.jar")), false);
  });

  test("real ServerInfo.properties from Debian's tomcat 10.1.60", async () => {
    const path = "usr/local/tomcat/lib/catalina.jar";
    const result = await catalogDiskFile(
      tomcatCataloger,
      testdata(import.meta.url, "catalina.jar"),
      path,
      context(),
    );
    assert.deepEqual(result.runtimes, [{ product: "tomcat", version: "10.1.60", location: path }]);
  });

  test("the full installed jar: same version as Tomcat's own ServerInfo", async (t) => {
    const expected = existsSync(debianJar) ? serverNumber(debianJar) : undefined;
    if (!expected) return t.skip("libtomcat10-java or java is not installed");
    const result = await catalogDiskFile(tomcatCataloger, debianJar, debianJar.slice(1), context());
    assert.equal(result.runtimes?.[0]?.version, expected);
  });

  test("a jar that is not a zip: InputError naming the file", async () => {
    await assert.rejects(
      tomcatCataloger.catalog(fileFromText("opt/tomcat/lib/catalina.jar", "not a zip"), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^opt\/tomcat\/lib\/catalina\.jar: not a readable jar/);
        return true;
      },
    );
  });
});
