import assert from "node:assert/strict";
import { test } from "node:test";
import { InputError } from "../errors.js";
import { parseImageRef } from "./image-ref.js";

test("image refs: Docker Hub short names get library/ and :latest", () => {
  assert.deepEqual(parseImageRef("debian"), {
    registry: "docker.io",
    repository: "library/debian",
    tag: "latest",
  });
  assert.deepEqual(parseImageRef("bitnami/redis:7.2"), {
    registry: "docker.io",
    repository: "bitnami/redis",
    tag: "7.2",
  });
});

test("image refs: a first component with a dot, a port or localhost is the registry", () => {
  assert.deepEqual(parseImageRef("127.0.0.1:5000/team/app:1"), {
    registry: "127.0.0.1:5000",
    repository: "team/app",
    tag: "1",
  });
  assert.deepEqual(parseImageRef("localhost/app"), {
    registry: "localhost",
    repository: "app",
    tag: "latest",
  });
  assert.deepEqual(parseImageRef("ghcr.io/o/r/app"), {
    registry: "ghcr.io",
    repository: "o/r/app",
    tag: "latest",
  });
});

test("image refs: a digest pins the image and drops the implicit tag", () => {
  const d = `sha256:${"a".repeat(64)}`;
  assert.deepEqual(parseImageRef(`quay.io/x/y@${d}`), { registry: "quay.io", repository: "x/y", digest: d });
  assert.deepEqual(parseImageRef(`quay.io/x/y:1@${d}`), {
    registry: "quay.io",
    repository: "x/y",
    tag: "1",
    digest: d,
  });
});

test("image refs: malformed names and digests are InputErrors", () => {
  assert.throws(() => parseImageRef("Debian:12"), InputError);
  assert.throws(() => parseImageRef("x@sha256:abc"), /not sha256:<64 hex>/);
});
