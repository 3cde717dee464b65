import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Runtime } from "../model/inventory.js";
import { runtimePackages } from "./runtimes.js";

describe("runtimePackages: runtimes with advisories of their own", () => {
  const cases: [string, Runtime[], { name: string; version: string; ecosystem: string; purl: string }[]][] = [
    [
      "a Node.js binary becomes package node of ecosystem Node.js, its v stripped",
      [{ product: "nodejs", version: "v20.11.0", location: "usr/local/bin/node" }],
      [{ name: "node", version: "20.11.0", ecosystem: "Node.js", purl: "pkg:generic/node@20.11.0" }],
    ],
    [
      "a release line without a patch level (Lambda's nodejs16.x) is judged by end of life only",
      [{ product: "nodejs", version: "16.x", location: "function.json" }],
      [],
    ],
    [
      "runtimes without advisories of their own (python, go) are judged by end of life only",
      [
        { product: "python", version: "3.8.18", location: "usr/local/bin/python3.8" },
        { product: "go", version: "1.20.14", location: "app" },
      ],
      [],
    ],
  ];
  for (const [name, runtimes, expected] of cases) {
    test(name, () => {
      assert.deepEqual(
        runtimePackages(runtimes).map(({ name, version, ecosystem, purl }) => ({
          name,
          version,
          ecosystem,
          purl,
        })),
        expected,
      );
    });
  }

  test("location and layer come from the runtime; found by runtime:<product>", () => {
    const [pkg] = runtimePackages([
      { product: "nodejs", version: "18.19.1", location: "usr/local/bin/node", layer: "sha256:ab12" },
    ]);
    assert.deepEqual(pkg?.locations, ["usr/local/bin/node"]);
    assert.equal(pkg?.layer, "sha256:ab12");
    assert.equal(pkg?.foundBy, "runtime:nodejs");
  });
});
