import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { VERSION } from "../../src/version.js";
import { firstDifference, REDACTIONS, REPO, redact } from "./golden.js";

describe("redact: only the volatile fields of an output", () => {
  const cases: [string, string, string][] = [
    [
      "report and database times",
      `"createdAt": "2026-12-03T18:53:33.246Z",\n"dbBuiltAt": "2026-12-03T18:53:32Z"`,
      `"createdAt": "<TIMESTAMP>",\n"dbBuiltAt": "<TIMESTAMP>"`,
    ],
    [
      "CycloneDX timestamp and serial number",
      `"serialNumber": "urn:uuid:2e427d90-f5fe-44d9-871e-605b886aaabe",\n"timestamp": "2026-12-03T18:53:33.237Z"`,
      `"serialNumber": "urn:uuid:<UUID>",\n"timestamp": "<TIMESTAMP>"`,
    ],
    [
      "SPDX creation time, namespace UUID and creator",
      `"documentNamespace": "https://vigil.invalid/spdx/app-2e427d90-f5fe-44d9-871e-605b886aaabe",\n"created": "2026-12-03T18:53:33Z",\n"Tool: vigil-${VERSION}"`,
      `"documentNamespace": "https://vigil.invalid/spdx/app-<UUID>",\n"created": "<TIMESTAMP>",\n"Tool: vigil-<VERSION>"`,
    ],
    [
      "Vigil's version in the JSON report, the SARIF driver and the CycloneDX tool",
      `"vigil": "${VERSION}",\n"name": "Vigil",\n"version": "${VERSION}",\n"name": "vigil",\n  "group": "vigil",\n  "version": "${VERSION}"`,
      `"vigil": "<VERSION>",\n"name": "Vigil",\n"version": "<VERSION>",\n"name": "vigil",\n  "group": "vigil",\n  "version": "<VERSION>"`,
    ],
    [
      "absolute paths of this machine",
      `${join(REPO, "src")} ${join(tmpdir(), "x")} ${join(tmpdir(), "vigil-golden-1", "root")}`,
      "<REPO>/src <TMPDIR>/x <TMP0>/root",
    ],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(redact(input, [join(tmpdir(), "vigil-golden-1")]), expected));
  }

  test("data that looks alike is kept: a package at Vigil's version, an advisory's modified time, dates", () => {
    const data = `"name": "left-pad",\n"version": "${VERSION}",\n"modified": "2023-06-05T01:13:00.534973Z",\n"dateAdded": "2023-03-01"`;
    assert.equal(redact(data), data);
  });

  test("every rule says what it hides", () => {
    for (const r of REDACTIONS) assert.ok(r.what.length > 10 && r.pattern.global, r.what);
  });

  test("a mismatch message shows the first differing line between golden and output", () => {
    assert.equal(
      firstDifference("a\nb\nc\n", "a\nB\nc\n"),
      "first difference at line 2:\n  a\n- b\n- c\n- \n+ B\n+ c\n+ ",
    );
  });
});
