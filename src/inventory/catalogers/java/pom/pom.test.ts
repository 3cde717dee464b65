import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { pomCataloger } from "./pom.js";

const fixture = (p: string): string => testdata(import.meta.url, p);

describe("pom.xml cataloger", () => {
  test("properties: property chains and project.version resolve, managed versions apply, BOM-managed ones are left out", async () => {
    const file = fileFromDisk(fixture("properties/pom.xml"), "orders/pom.xml");
    assert.ok(pomCataloger.wants(file));
    const { packages = [] } = await pomCataloger.catalog(file, context());
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.dev ?? false, p.metadata?.scope, p.metadata?.optional]),
      [
        ["com.fasterxml.jackson.core:jackson-databind", "2.14.0", false, "compile", undefined],
        ["org.apache.commons:commons-lang3", "3.12.0", false, "compile", undefined],
        ["org.example.vigil:orders-api", "2.3.1", false, "compile", undefined],
        ["com.google.guava:guava", "31.1-jre", false, "compile", "true"],
        ["org.junit.jupiter:junit-jupiter", "5.9.1", true, "test", undefined],
      ],
    );
    assert.equal(packages[0]?.purl, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.0");
    assert.ok(
      packages.every((p) => p.direct && p.ecosystem === "Maven" && p.locations[0] === "orders/pom.xml"),
    );
  });

  test("Debian's maven-core pom takes its versions from the parent pom next to it", async () => {
    const parent = fileFromDisk(fixture("maven/pom.xml"), "src/maven/pom.xml");
    const core = fileFromDisk(fixture("maven/maven-core/pom.xml"), "src/maven/maven-core/pom.xml");
    const { packages = [] } = await pomCataloger.catalog(core, context(undefined, [parent]));
    assert.equal(packages.length, 24);
    const byName = new Map(packages.map((p) => [p.name, p.version]));
    assert.equal(byName.get("org.apache.maven:maven-model"), "3.x");
    assert.equal(byName.get("org.apache.commons:commons-lang3"), "debian");
    assert.equal(byName.get("com.google.inject:guice"), "debian");
  });

  test("without its parent, maven-core's unversioned dependencies are left out", async () => {
    const core = fileFromDisk(fixture("maven/maven-core/pom.xml"), "maven-core/pom.xml");
    const { packages = [] } = await pomCataloger.catalog(core, context());
    assert.deepEqual(packages, []);
  });

  test("Debian's maven parent pom: its own test-scoped junit is a dev dependency", async () => {
    const { packages = [] } = await pomCataloger.catalog(
      fileFromDisk(fixture("maven/pom.xml"), "pom.xml"),
      context(),
    );
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.dev]),
      [["junit:junit", "4.x", true]],
    );
  });

  test("a mismatched closing tag is an InputError naming the file and line", async () => {
    const text = "<project>\n  <dependencies>\n    <dependency>\n      <groupId>a</artifactId>\n";
    await assert.rejects(pomCataloger.catalog(fileFromText("svc/pom.xml", text), context()), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.message, "svc/pom.xml line 4: </artifactId> closes <groupId> opened on line 4");
      return true;
    });
  });

  test("a dependency without artifactId is an InputError naming its line", async () => {
    const text =
      "<project>\n<dependencies>\n<dependency><groupId>a</groupId><version>1</version></dependency>\n</dependencies>\n</project>\n";
    await assert.rejects(
      pomCataloger.catalog(fileFromText("pom.xml", text), context()),
      /pom\.xml line 3: a <dependency> needs/,
    );
  });
});
