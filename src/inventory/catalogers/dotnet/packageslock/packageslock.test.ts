import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { packagesLockCataloger } from "./packageslock.js";

describe("packages.lock.json cataloger", () => {
  test("one package per id and version across frameworks; Direct is direct; Project entries are not packages", async () => {
    const file = fileFromDisk(
      testdata(import.meta.url, "packages.lock.json"),
      "src/Orders.Api/packages.lock.json",
    );
    assert.ok(packagesLockCataloger.wants(file));
    const { packages = [] } = await packagesLockCataloger.catalog(file, context());
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.direct, p.metadata?.targets]),
      [
        ["Newtonsoft.Json", "13.0.1", true, "net6.0,net8.0"],
        ["Serilog", "2.12.0", true, "net6.0,net8.0"],
        ["Serilog.Sinks.Console", "4.1.0", true, "net6.0,net8.0"],
        ["System.Text.Encodings.Web", "6.0.0", false, "net6.0"],
        ["System.Runtime.CompilerServices.Unsafe", "6.0.0", false, "net6.0"],
        ["System.Text.Encodings.Web", "8.0.0", false, "net8.0"],
        ["Microsoft.NETCore.App.Runtime.linux-x64", "8.0.1", true, "net8.0/linux-x64"],
      ],
    );
    assert.equal(packages[0]?.purl, "pkg:nuget/Newtonsoft.Json@13.0.1");
    assert.ok(packages.every((p) => p.ecosystem === "NuGet" && p.foundBy === "nuget-packages-lock"));
  });

  test("a lock without a dependencies object is an InputError naming the field", async () => {
    await assert.rejects(
      packagesLockCataloger.catalog(fileFromText("packages.lock.json", '{"version": 1}'), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^packages\.lock\.json: not a packages\.lock\.json: dependencies: /);
        return true;
      },
    );
  });

  test("a syntax error is an InputError naming the line", async () => {
    const text =
      '{\n  "version": 1,\n  "dependencies": {\n    "net8.0": {\n      "A": {"type": "Direct" "resolved": "1.0.0"}\n';
    await assert.rejects(
      packagesLockCataloger.catalog(fileFromText("app/packages.lock.json", text), context()),
      /^InputError: app\/packages\.lock\.json line 5: invalid JSON/,
    );
  });
});
