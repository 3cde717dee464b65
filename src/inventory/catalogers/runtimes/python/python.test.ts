import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { describe, test } from "node:test";
import { catalogDiskFile, context, fileFromText } from "../../test-support.js";
import { pythonCataloger } from "./python.js";

/** Versioned interpreters in /usr/bin and /usr/local/bin of this machine. */
function interpreters(): string[] {
  return ["/usr/bin", "/usr/local/bin"].flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => /^python\d\.\d+$/.test(n))
          .map((n) => `${dir}/${n}`)
      : [],
  );
}

describe("Python interpreter cataloger", () => {
  test("wants versioned interpreters in a bin folder", () => {
    const info = (path: string, mode = 0o755) => ({ path, size: 1, mode });
    assert.equal(pythonCataloger.wants(info("usr/bin/python3.11")), true);
    assert.equal(pythonCataloger.wants(info("usr/local/bin/python3.12")), true);
    assert.equal(pythonCataloger.wants(info("usr/bin/python3")), false);
    assert.equal(pythonCataloger.wants(info("usr/bin/python3.11-config")), false);
    assert.equal(pythonCataloger.wants(info("usr/bin/python3.11", 0o644)), false);
  });

  test("real interpreters on this machine: the version they report themselves", async (t) => {
    const found = interpreters();
    if (found.length === 0) return t.skip("no python3.X in /usr/bin or /usr/local/bin");
    for (const path of found) {
      const reported = execFileSync(path, ["-c", "import platform; print(platform.python_version())"], {
        encoding: "utf8",
      }).trim();
      const result = await catalogDiskFile(pythonCataloger, path, path.slice(1), context());
      const version = result.runtimes?.[0]?.version ?? "";
      // A statically linked interpreter gives the full version; a shared-library build gives X.Y.
      assert.ok(
        reported === version || reported.startsWith(`${version}.`),
        `${path}: ${version} vs ${reported}`,
      );
      assert.equal(result.runtimes?.[0]?.product, "python");
    }
  });

  test("Debian's /usr/bin/python3.11 embeds its full version", async (t) => {
    if (!existsSync("/usr/bin/python3.11")) return t.skip("/usr/bin/python3.11 is not here");
    const result = await catalogDiskFile(
      pythonCataloger,
      "/usr/bin/python3.11",
      "usr/bin/python3.11",
      context(),
    );
    assert.match(result.runtimes?.[0]?.version ?? "", /^3\.11\.\d+$/);
  });

  test("a wrapper script named like an interpreter is not reported", async () => {
    const script = fileFromText(
      "usr/local/bin/python3.12",
      '#!/bin/sh\nexec /opt/py/bin/python3.12 "$@"\n',
      0o755,
    );
    assert.deepEqual(await pythonCataloger.catalog(script, context()), {});
  });
});
