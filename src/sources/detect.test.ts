import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { BOOKWORM_ARCHIVE } from "../../test/fixtures-build/images.js";
import { InputError } from "../errors.js";
import { detectSource } from "./detect.js";
import { gz, scratchDir, tarOf, tempFile } from "./test-support/archives.js";

test("detect: an existing directory, a tar.gz image, a JSON SBOM and a zip by their magic bytes", async () => {
  assert.equal((await detectSource(scratchDir())).kind, "directory");
  assert.equal((await detectSource(BOOKWORM_ARCHIVE)).kind, "docker-archive");
  assert.equal(
    (await detectSource(tempFile("x.tar", await tarOf([{ name: "a", content: "a" }])))).kind,
    "docker-archive",
  );
  assert.equal(
    (await detectSource(tempFile("x.tgz", gz(await tarOf([{ name: "a", content: "a" }]))))).kind,
    "docker-archive",
  );
  assert.equal((await detectSource(tempFile("bom", Buffer.from('{"bomFormat":"CycloneDX"}')))).kind, "sbom");
  assert.equal((await detectSource(tempFile("f", Buffer.from("PK\u0003\u0004rest")))).kind, "zip");
});

test("detect: a directory with oci-layout and index.json is an OCI layout", async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, "index.json"), '{"schemaVersion":2,"manifests":[]}');
  assert.equal((await detectSource(dir)).kind, "oci-layout");
});

test("detect: what does not exist is an image reference; prefixes override", async () => {
  const r = await detectSource("ghcr.io/vigil/app:1");
  assert.equal(r.kind, "registry");
  assert.equal((await detectSource("registry:localhost:5000/app")).kind, "registry");
  assert.equal((await detectSource(`sbom:${BOOKWORM_ARCHIVE}`)).kind, "sbom");
  assert.equal((await detectSource(`zip:${BOOKWORM_ARCHIVE}`)).kind, "zip");
  assert.equal((await detectSource(`dir:${BOOKWORM_ARCHIVE}`)).kind, "directory");
});

test("detect: a file of unknown kind, or a name that is neither a path nor a reference, is an InputError", async () => {
  await assert.rejects(detectSource(tempFile("notes.txt", Buffer.from("hello"))), /not a zip, a tar/);
  await assert.rejects(detectSource("./no/such/Thing"), (e) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /no such file or directory, and not an image reference/);
    return true;
  });
});
