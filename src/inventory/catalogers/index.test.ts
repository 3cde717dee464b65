import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultCatalogers } from "./index.js";

describe("default catalogers", () => {
  test("names are unique (they are recorded in Package.foundBy and problems)", () => {
    const names = defaultCatalogers().map((c) => c.name);
    assert.equal(new Set(names).size, names.length, names.join(", "));
  });

  test("each well-known file is wanted by exactly the cataloger meant for it", () => {
    const cases: [string, string, number][] = [
      ["var/lib/dpkg/status", "dpkg", 0o644],
      ["lib/apk/db/installed", "apk", 0o644],
      ["var/lib/rpm/rpmdb.sqlite", "rpm", 0o644],
      ["app/package-lock.json", "npm-lock", 0o644],
      ["app/yarn.lock", "yarn-lock", 0o644],
      ["app/pnpm-lock.yaml", "pnpm-lock", 0o644],
      ["app/node_modules/lodash/package.json", "node-modules", 0o644],
      ["usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", "python-dist-info", 0o644],
      ["app/requirements.txt", "python-requirements", 0o644],
      ["app/poetry.lock", "poetry-lock", 0o644],
      ["app/Pipfile.lock", "pipfile-lock", 0o644],
      ["app/uv.lock", "uv-lock", 0o644],
      ["app/pdm.lock", "pdm-lock", 0o644],
      ["usr/local/bin/node", "nodejs-binary", 0o755],
      ["usr/bin/python3.11", "python-binary", 0o755],
      ["opt/java/openjdk/release", "java-release", 0o644],
      ["usr/local/go/VERSION", "go-toolchain", 0o644],
      ["usr/sbin/apache2", "apache-httpd-binary", 0o755],
      ["usr/local/tomcat/lib/catalina.jar", "tomcat", 0o644],
      ["var/www/html/wp-includes/version.php", "wordpress", 0o644],
    ];
    const catalogers = defaultCatalogers();
    for (const [path, expected, mode] of cases) {
      const wanting = catalogers.filter((c) => c.wants({ path, size: 100, mode })).map((c) => c.name);
      assert.ok(wanting.includes(expected), `${path}: wanted by ${wanting.join(", ")}`);
      const mine = wanting.filter((n) => cases.some((c) => c[1] === n));
      assert.deepEqual(mine, [expected], `${path}: also wanted by ${mine.join(", ")}`);
    }
  });
});
