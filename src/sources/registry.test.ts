import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { imageFixtures, missingTools } from "../../test/fixtures-build/images.js";
import {
  push,
  startRegistry,
  TEST_PASSWORD,
  TEST_USER,
  type TestRegistry,
} from "../../test/fixtures-build/registry.js";
import { InputError } from "../errors.js";
import { inventory } from "../inventory/index.js";
import { stanzaCounter } from "../inventory/test-support/catalogers.js";

const missing = missingTools("docker-registry", "skopeo", "umoci", "openssl");
const credentials = { username: TEST_USER, password: TEST_PASSWORD };

describe("registry source against Debian's docker-registry with token auth", { skip: missing }, () => {
  let reg: TestRegistry;
  let fx: string;

  before(async () => {
    fx = imageFixtures();
    reg = await startRegistry("token");
    await push(`oci:${join(fx, "layout")}:multi-arch`, `${reg.host}/team/app:1`);
    await push(`oci:${join(fx, "zstd")}:bookworm`, `${reg.host}/public/zstd:1`, true, ["--preserve-digests"]);
  });
  after(async () => {
    await reg?.stop();
  });

  test("401 -> token service with basic credentials -> bearer: the image is read", async () => {
    const before = reg.tokenRequests.length;
    const inv = await inventory(`${reg.host}/team/app:1`, { catalogers: [stanzaCounter], credentials });
    assert.equal(inv.target.kind, "registry");
    assert.equal(inv.packages[0]?.version, "88");
    assert.equal(inv.os?.ecosystem, "Debian:12");
    assert.deepEqual(reg.tokenRequests.slice(before), [
      { authorized: true, scope: "repository:team/app:pull" },
    ]);
  });

  test("a manifest list: --platform linux/arm64 picks the three-layer image", async () => {
    const inv = await inventory(`registry:${reg.host}/team/app:1`, {
      catalogers: [stanzaCounter],
      credentials,
      platform: "linux/arm64",
    });
    assert.equal(inv.target.layers?.length, 3);
    assert.equal(inv.packages[0]?.version, "10");
  });

  test("anonymous pull where the token service allows it, of a zstd layer", async () => {
    const inv = await inventory(`${reg.host}/public/zstd:1`, { catalogers: [stanzaCounter] });
    assert.equal(inv.packages[0]?.version, "88");
    const index = JSON.parse(readFileSync(join(fx, "zstd/index.json"), "utf8")) as {
      manifests: { digest: string }[];
    };
    assert.equal(
      inv.target.digest,
      index.manifests[0]?.digest,
      "the zstd manifest was served, not a gzip twin",
    );
  });

  test("anonymous pull of a private repository: an error that says to pass credentials", async () => {
    await assert.rejects(inventory(`${reg.host}/team/app:1`, { catalogers: [] }), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /team\/app.*HTTP 401 \(access denied; pass registry credentials\)/);
      return true;
    });
  });

  test("a missing tag is a clear 404", async () => {
    await assert.rejects(
      inventory(`${reg.host}/team/app:nope`, { catalogers: [], credentials }),
      /HTTP 404 \(not found; check the repository, tag or digest\)/,
    );
  });

  test("a layer blob the registry serves with other bytes than its digest: digest mismatch", async () => {
    // The multi image's top layer (190 bytes gzip). Changing the gzip header's OS byte keeps it decodable.
    const manifests = JSON.parse(readFileSync(join(fx, "layout/index.json"), "utf8")) as {
      manifests: { digest: string; annotations?: Record<string, string> }[];
    };
    const multi = manifests.manifests.find(
      (m) => m.annotations?.["org.opencontainers.image.ref.name"] === "multi",
    );
    const manifest = JSON.parse(
      readFileSync(join(fx, "layout/blobs/sha256", multi!.digest.slice(7)), "utf8"),
    ) as { layers: { digest: string }[] };
    const top = manifest.layers[2]!.digest.slice(7);
    const data = join(reg.storage, "docker/registry/v2/blobs/sha256", top.slice(0, 2), top, "data");
    const bytes = readFileSync(data);
    bytes[9] = bytes[9] === 3 ? 255 : 3;
    writeFileSync(data, bytes);
    await assert.rejects(
      inventory(`${reg.host}/team/app:1`, { catalogers: [], credentials, platform: "linux/arm64" }),
      (e) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, new RegExp(`layer sha256:${top}: digest mismatch: expected sha256:${top}`));
        return true;
      },
    );
  });
});
