import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { goToolchainCataloger } from "./go.js";

describe("Go toolchain cataloger", () => {
  test("wants a toolchain's VERSION file", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(goToolchainCataloger.wants(info("usr/local/go/VERSION")), true);
    assert.equal(goToolchainCataloger.wants(info("usr/lib/go-1.19/VERSION")), true);
    assert.equal(goToolchainCataloger.wants(info("srv/app/VERSION")), false);
  });

  test("Debian golang-1.19-go's real VERSION file: go 1.19.8", async () => {
    const path = "usr/lib/go-1.19/VERSION";
    const result = await catalogDiskFile(
      goToolchainCataloger,
      testdata(import.meta.url, path),
      path,
      context(),
    );
    assert.deepEqual(result.runtimes, [{ product: "go", version: "1.19.8", location: path }]);
  });

  test("the two-line VERSION of Go 1.21+ (version, then build time)", async () => {
    const file = fileFromText("usr/local/go/VERSION", "go1.22.5\ntime 2024-06-27T20:11:12Z\n");
    assert.equal((await goToolchainCataloger.catalog(file, context())).runtimes?.[0]?.version, "1.22.5");
  });

  test("a VERSION file that is not a Go version: InputError with line 1", async () => {
    const file = fileFromText("usr/local/go/VERSION", "devel +abcdef\n");
    await assert.rejects(goToolchainCataloger.catalog(file, context()), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^usr\/local\/go\/VERSION line 1: expected a Go version/);
      return true;
    });
  });
});
