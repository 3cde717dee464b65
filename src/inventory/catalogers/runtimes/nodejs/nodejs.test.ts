import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import { catalogDiskFile, context, fileFromText } from "../../test-support.js";
import { nodejsCataloger } from "./nodejs.js";

describe("Node.js binary cataloger", () => {
  test("wants executables named node or nodejs in a bin folder", () => {
    const info = (path: string, mode = 0o755) => ({ path, size: 1, mode });
    assert.equal(nodejsCataloger.wants(info("usr/local/bin/node")), true);
    assert.equal(nodejsCataloger.wants(info("usr/bin/nodejs")), true);
    assert.equal(nodejsCataloger.wants(info("root/.nvm/versions/node/v18.19.0/bin/node")), true);
    assert.equal(nodejsCataloger.wants(info("usr/local/bin/node", 0o644)), false);
    assert.equal(nodejsCataloger.wants(info("usr/lib/node_modules/npm/bin/node")), true);
    assert.equal(nodejsCataloger.wants(info("usr/share/node")), false);
  });

  // The Node.js executables this machine has (the running one at least): each must read as its own version.
  const binaries = new Set(
    [process.execPath, "/usr/bin/node", "/usr/local/bin/node"].filter((p) => existsSync(p)),
  );
  for (const path of binaries) {
    test(`real binary ${path}: the version node --version prints`, async () => {
      const expected = execFileSync(path, ["--version"], { encoding: "utf8" }).trim().replace(/^v/, "");
      const result = await catalogDiskFile(nodejsCataloger, path, "usr/bin/node", context());
      assert.deepEqual(result.runtimes, [{ product: "nodejs", version: expected, location: "usr/bin/node" }]);
    });
  }

  test("an executable named node without a Node.js version string is not reported", async () => {
    const script = fileFromText("usr/local/bin/node", '#!/bin/sh\nexec /opt/node/bin/node "$@"\n', 0o755);
    assert.deepEqual(await nodejsCataloger.catalog(script, context()), {});
  });
});
