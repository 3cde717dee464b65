import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { depsJsonCataloger } from "./depsjson.js";

describe(".deps.json cataloger", () => {
  test("package and runtimepack libraries are NuGet packages; the app project's dependencies are direct", async () => {
    const file = fileFromDisk(testdata(import.meta.url, "Orders.Api.deps.json"), "app/Orders.Api.deps.json");
    assert.ok(depsJsonCataloger.wants(file));
    const { packages = [] } = await depsJsonCataloger.catalog(file, context());
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.direct, p.metadata?.type]),
      [
        ["Microsoft.NETCore.App.Runtime.linux-x64", "8.0.1", true, "runtimepack"],
        ["Newtonsoft.Json", "13.0.1", true, "package"],
        ["Serilog", "2.12.0", false, "package"],
        ["Serilog.Sinks.Console", "4.1.0", true, "package"],
        ["System.Text.Encodings.Web", "8.0.0", false, "package"],
      ],
    );
    assert.equal(packages[1]?.purl, "pkg:nuget/Newtonsoft.Json@13.0.1");
    assert.ok(
      packages.every((p) => p.ecosystem === "NuGet" && p.locations[0] === "app/Orders.Api.deps.json"),
    );
  });

  test("wants *.deps.json only", () => {
    assert.ok(depsJsonCataloger.wants({ path: "opt/app/My.App.deps.json", size: 1, mode: 0o644 }));
    assert.ok(!depsJsonCataloger.wants({ path: "opt/app/My.App.runtimeconfig.json", size: 1, mode: 0o644 }));
  });

  test("a file without libraries is an InputError naming the field", async () => {
    await assert.rejects(
      depsJsonCataloger.catalog(fileFromText("app/x.deps.json", '{"targets": {}}'), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^app\/x\.deps\.json: not a \.deps\.json: libraries: /);
        return true;
      },
    );
  });
});
