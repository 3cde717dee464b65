import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import { catalogDiskFile, context, fileFromText } from "../../test-support.js";
import { httpdCataloger } from "./httpd.js";

describe("Apache httpd binary cataloger", () => {
  test("wants apache2 / httpd executables in sbin or bin", () => {
    const info = (path: string, mode = 0o755) => ({ path, size: 1, mode });
    assert.equal(httpdCataloger.wants(info("usr/sbin/apache2")), true);
    assert.equal(httpdCataloger.wants(info("usr/local/apache2/bin/httpd")), true);
    assert.equal(httpdCataloger.wants(info("etc/init.d/apache2")), false);
    assert.equal(httpdCataloger.wants(info("usr/sbin/apache2", 0o644)), false);
  });

  test("Debian's apache2-bin /usr/sbin/apache2: the version apache2 -v prints", async (t) => {
    const path = "/usr/sbin/apache2";
    if (!existsSync(path)) return t.skip("apache2-bin is not installed (apt-get install apache2-bin)");
    const banner = execFileSync(path, ["-v"], { encoding: "utf8" });
    const expected = /Apache\/(\d+\.\d+\.\d+)/.exec(banner)?.[1];
    const result = await catalogDiskFile(httpdCataloger, path, "usr/sbin/apache2", context());
    assert.deepEqual(result.runtimes, [
      { product: "apache-http-server", version: expected, location: "usr/sbin/apache2" },
    ]);
  });

  test("an executable without the banner is not reported", async () => {
    const script = fileFromText("usr/sbin/httpd", '#!/bin/sh\nexec /opt/httpd/bin/httpd "$@"\n', 0o755);
    assert.deepEqual(await httpdCataloger.catalog(script, context()), {});
  });
});
