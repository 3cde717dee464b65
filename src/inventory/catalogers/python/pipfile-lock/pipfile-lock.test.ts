import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { packageSummary, rejectsAtLine, testdataPackages } from "../../test-support.js";
import { pipfileLockCataloger } from "./pipfile-lock.js";

describe("Pipfile.lock cataloger", () => {
  test("default and develop; a package in both is not dev; editable path entries skipped", async () => {
    const packages = await testdataPackages(pipfileLockCataloger, import.meta.url, "Pipfile.lock");
    assert.deepEqual(packageSummary(packages), [
      "black@22.12.0 dev",
      "click@8.1.3",
      "flask@2.2.2",
      "itsdangerous@2.1.2",
      "pathspec@0.10.3 dev",
      "werkzeug@2.2.2",
    ]);
  });

  test("a version that is not ==: InputError at the entry's line", async () => {
    const text = '{\n  "default": {\n    "flask": {\n      "version": ">=2"\n    }\n  }\n}\n';
    await rejectsAtLine(
      pipfileLockCataloger,
      "Pipfile.lock",
      text,
      3,
      /default\.flask version ">=2" is not "==<version>"/,
    );
  });

  test("invalid JSON: InputError with the line", async () => {
    await rejectsAtLine(
      pipfileLockCataloger,
      "Pipfile.lock",
      '{\n  "default": {\n  }\n  "develop": {}\n}\n',
      4,
      /not valid JSON/,
    );
  });
});
