import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { packageSummary, rejectsAtLine, testdataPackages } from "../../test-support.js";
import { uvLockCataloger } from "./uv-lock.js";

describe("uv.lock cataloger", () => {
  test("the project is not a package; dev-only comes from the dependency-group graph", async () => {
    const packages = await testdataPackages(uvLockCataloger, import.meta.url, "uv.lock");
    assert.deepEqual(packageSummary(packages), [
      "anyio@4.4.0",
      "certifi@2024.7.4",
      "h11@0.14.0",
      "httpcore@1.0.5",
      "httpx@0.27.0",
      "idna@3.7",
      "iniconfig@2.0.0 dev",
      "packaging@24.1 dev",
      "pluggy@1.5.0 dev",
      "pytest@8.2.2 dev",
      "respx@0.21.1 dev",
      "sniffio@1.3.1",
    ]);
  });

  test("a package without a name: InputError at its [[package]] line", async () => {
    await rejectsAtLine(
      uvLockCataloger,
      "uv.lock",
      'version = 1\n\n[[package]]\nversion = "1.0"\n',
      3,
      /has no name/,
    );
  });
});
