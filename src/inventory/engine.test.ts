import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import {
  BOOKWORM_ARCHIVE,
  BULLSEYE_ARCHIVE,
  imageFixtures,
  missingTools,
} from "../../test/fixtures-build/images.js";
import { InputError } from "../errors.js";
import type { Inventory } from "../model/inventory.js";
import { dockerArchive, scratchDir, tarOf, tempFile } from "../sources/test-support/archives.js";
import type { Cataloger } from "./cataloger.js";
import { inventory } from "./index.js";
import { alwaysThrows, fileLister, siblingReader, stanzaCounter } from "./test-support/catalogers.js";

function pkg(inv: Inventory, name: string) {
  return inv.packages.find((p) => p.name === name);
}

describe("inventory of the real docker-archive images", () => {
  test("bookworm: one walk finds the 88 dpkg stanzas, Debian:12 and the layer's diff id", async () => {
    const inv = await inventory(BOOKWORM_ARCHIVE, { catalogers: [stanzaCounter] });
    assert.equal(inv.target.kind, "docker-archive");
    assert.deepEqual(inv.target.tags, ["docker.io/library/debian-minbase:bookworm"]);
    assert.equal(inv.target.platform, "linux/amd64");
    const diffId = "sha256:fa8c6f987c1156fb85339221290ea496ffaa243f7b384ee29943674c1a04eae3";
    assert.deepEqual(
      inv.target.layers?.map((l) => l.digest),
      [diffId],
    );
    assert.equal(inv.os?.ecosystem, "Debian:12");
    assert.equal(inv.os?.versionCodename, "bookworm");
    const stanzas = pkg(inv, "dpkg-stanzas");
    assert.equal(stanzas?.version, "88");
    assert.equal(stanzas?.ecosystem, "Debian:12", "catalogers see ctx.os");
    assert.equal(stanzas?.layer, diffId);
    assert.deepEqual(stanzas?.locations, ["var/lib/dpkg/status"]);
    assert.equal(stanzas?.foundBy, "stanza-counter");
    assert.deepEqual(inv.problems, []);
  });

  test("bullseye: 96 stanzas and Debian:11", async () => {
    const inv = await inventory(BULLSEYE_ARCHIVE, { catalogers: [stanzaCounter] });
    assert.equal(pkg(inv, "dpkg-stanzas")?.version, "96");
    assert.equal(inv.os?.ecosystem, "Debian:11");
  });

  test("a cataloger that throws becomes a problem and the other catalogers still run", async () => {
    const inv = await inventory(BOOKWORM_ARCHIVE, { catalogers: [alwaysThrows, stanzaCounter] });
    assert.equal(pkg(inv, "dpkg-stanzas")?.version, "88");
    assert.deepEqual(inv.problems, [
      { path: "etc/debian_version", by: "always-throws", message: "cannot parse etc/debian_version" },
    ]);
  });

  test("sibling() reaches files another cataloger wanted, and only those", async () => {
    const inv = await inventory(BOOKWORM_ARCHIVE, { catalogers: [siblingReader, stanzaCounter] });
    const status = readFileSync(join(BOOKWORM_ARCHIVE, "../../dpkg/debian-bookworm-minbase.status"), "utf8");
    assert.equal(pkg(inv, "sibling")?.version, `no-md5+${status.length}`);
  });

  test("kept files over the spill threshold go through a temp file with the same result", async () => {
    const inv = await inventory(BOOKWORM_ARCHIVE, {
      catalogers: [stanzaCounter],
      limits: { spillThreshold: 16 },
    });
    assert.equal(pkg(inv, "dpkg-stanzas")?.version, "88");
    assert.equal(inv.os?.ecosystem, "Debian:12");
  });

  test("a wanted file over the cataloger's maxFileSize is skipped with a problem", async () => {
    const small: Cataloger = { ...stanzaCounter, name: "small", maxFileSize: 1000 };
    const inv = await inventory(BOOKWORM_ARCHIVE, { catalogers: [small] });
    assert.equal(inv.packages.length, 0);
    assert.equal(inv.problems.length, 1);
    assert.equal(inv.problems[0]?.by, "small");
    assert.match(inv.problems[0]?.message ?? "", /over its maxFileSize/);
  });

  test("the entry cap stops a walk with an error naming the archive and entry", async () => {
    await assert.rejects(
      inventory(BOOKWORM_ARCHIVE, { catalogers: [], limits: { maxEntries: 100 } }),
      (e) => {
        assert.ok(e instanceof InputError);
        assert.match(
          e.message,
          /debian-bookworm-minbase\.tar\.gz.*entry ".*" is past the cap of 100 entries/,
        );
        return true;
      },
    );
  });

  test("the total-size cap stops a walk before the bytes are read", async () => {
    await assert.rejects(
      inventory(BOOKWORM_ARCHIVE, { catalogers: [], limits: { maxTotalBytes: 1024 * 1024 } }),
      /past 1048576 uncompressed bytes/,
    );
  });

  test("a truncated tar.gz is a clear error, not a partial inventory", async () => {
    const cut = tempFile("cut.tar.gz", readFileSync(BOOKWORM_ARCHIVE).subarray(0, 3_000_000));
    await assert.rejects(inventory(`docker-archive:${cut}`, { catalogers: [stanzaCounter] }), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /cut\.tar\.gz.*(truncated|corrupt)/);
      return true;
    });
  });
});

describe("layers, whiteouts and links", () => {
  test("whiteouts delete lower files, an opaque directory hides all lower content, links resolve", async () => {
    const base = await tarOf([
      { name: "etc/", type: "directory" },
      {
        name: "usr/lib/os-release",
        content: 'ID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n',
      },
      { name: "etc/os-release", type: "symlink", linkname: "../usr/lib/os-release" },
      { name: "opt/app/a.txt", content: "a1" },
      { name: "opt/app/b.txt", content: "b1" },
      { name: "opt/keep/k.txt", content: "k1" },
      { name: "opt/gone/g.txt", content: "g1" },
    ]);
    const top = await tarOf([
      { name: "opt/app/.wh..wh..opq", content: "" },
      { name: "opt/app/c.txt", content: "c2" },
      { name: "opt/.wh.gone", content: "" },
      { name: "opt/keep/k.txt", content: "k2" },
      { name: "opt/keep/hard.txt", type: "link", linkname: "opt/keep/k.txt" },
    ]);
    const archive = tempFile("layers.tar", await dockerArchive([base, top]));
    const inv = await inventory(archive, { catalogers: [fileLister("opt/")] });
    const files = Object.fromEntries(inv.packages.map((p) => [p.name, p.version]));
    assert.deepEqual(files, { "opt/app/c.txt": "c2", "opt/keep/hard.txt": "k2", "opt/keep/k.txt": "k2" });
    const layers = inv.target.layers?.map((l) => l.digest) ?? [];
    assert.equal(pkg(inv, "opt/keep/k.txt")?.layer, layers[1], "a file knows the layer that brought it");
    assert.equal(inv.os?.ecosystem, "Alpine:v3.20", "etc/os-release symlink resolved inside the tree");
    assert.equal(inv.target.layers?.[1]?.createdBy, "layer 1");
  });

  test("a symlink pointing outside the tree is resolved inside it, never to the host", async () => {
    const layer = await tarOf([
      { name: "etc/os-release", type: "symlink", linkname: "../../../../../etc/os-release-host" },
      { name: "etc/lsb-release", type: "symlink", linkname: "/etc/passwd" },
    ]);
    const inv = await inventory(tempFile("escape-link.tar", await dockerArchive([layer])), {
      catalogers: [],
    });
    assert.equal(inv.os, undefined, "no OS read through links that leave the tree");
  });

  test("a symlink a cataloger wants by its own path reaches its target's content", async () => {
    const layer = await tarOf([
      { name: "srv/real.txt", content: "real" },
      { name: "data/link.txt", type: "symlink", linkname: "/srv/real.txt" },
    ]);
    const bothWanted = {
      ...fileLister("srv/", "srv"),
      wants: (f: { path: string }) => f.path.endsWith(".txt"),
    };
    const inv = await inventory(tempFile("links.tar", await dockerArchive([layer])), {
      catalogers: [bothWanted],
    });
    assert.deepEqual(
      inv.packages.map((p) => [p.name, p.version]).sort(),
      [["srv/real.txt", "real"]],
      "the same cataloger gets the file once, under its real path",
    );
    const linkOnly = fileLister("data/", "data");
    const inv2 = await inventory(tempFile("links.tar", await dockerArchive([layer])), {
      catalogers: [linkOnly, fileLister("srv/", "srv")],
    });
    assert.deepEqual(inv2.packages.map((p) => [p.name, p.version]).sort(), [
      ["data/link.txt", "real"],
      ["srv/real.txt", "real"],
    ]);
  });

  test("an entry that climbs out with ../ is refused, naming the archive and entry", async () => {
    const layer = await tarOf([{ name: "../escape", content: "x" }]);
    const archive = tempFile("dotdot.tar", await dockerArchive([layer]));
    await assert.rejects(inventory(archive, { catalogers: [] }), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /dotdot\.tar.*"\.\.\/escape" climbs out of the tree/);
      return true;
    });
  });

  test("an absolute entry path is refused", async () => {
    const layer = await tarOf([{ name: "/etc/passwd", content: "root:x:0:0::/root:/bin/sh\n" }]);
    await assert.rejects(
      inventory(tempFile("absolute.tar", await dockerArchive([layer])), { catalogers: [] }),
      /"\/etc\/passwd" has an absolute path/,
    );
  });

  test("a manifest naming a layer the archive lacks is an error", async () => {
    const a = await tarOf([{ name: "a.txt", content: "a" }]);
    const b = await tarOf([{ name: "b.txt", content: "b" }]);
    const archive = tempFile("missing.tar", await dockerArchive([a, b], { omitLayer: 1 }));
    await assert.rejects(
      inventory(archive, { catalogers: [] }),
      /lists layer .*\.tar, but the archive has no such layer/,
    );
  });

  test("a gzip bomb layer trips the compression-ratio cap", async () => {
    const bomb = gzipSync(await tarOf([{ name: "zeros", content: Buffer.alloc(48 * 1024 * 1024) }]), {
      level: 9,
    });
    const archive = tempFile("bomb.tar", await tarOf([{ name: "layer.tar.gz", content: bomb }]));
    await assert.rejects(inventory(`docker-archive:${archive}`, { catalogers: [] }), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /bomb\.tar.*compression ratio \d+ is past the cap of 200/);
      return true;
    });
  });

  test("a layer whose bytes do not hash to the config's diff id is an error", async () => {
    const layer = await tarOf([{ name: "a.txt", content: "a" }]);
    const good = await dockerArchive([layer]);
    // Same length, one byte of file content changed: the tar still parses.
    const bad = Buffer.from(good);
    const at = bad.indexOf(Buffer.from("a\0"), 512);
    bad[at] = "b".charCodeAt(0);
    await assert.rejects(inventory(tempFile("tampered.tar", bad), { catalogers: [] }), /diff id mismatch/);
  });
});

const missing = missingTools("skopeo", "umoci");

describe("OCI layouts and multi-layer images (built with skopeo and umoci)", { skip: missing }, () => {
  const fx = () => imageFixtures();

  test("OCI layout directory: same packages and OS as the archive it was copied from", async () => {
    const inv = await inventory(`${join(fx(), "layout")}:bookworm`, { catalogers: [stanzaCounter] });
    assert.equal(inv.target.kind, "oci-layout");
    assert.equal(pkg(inv, "dpkg-stanzas")?.version, "88");
    assert.equal(inv.os?.ecosystem, "Debian:12");
  });

  test("a zstd-compressed layer is read", async () => {
    const inv = await inventory(join(fx(), "zstd"), { catalogers: [stanzaCounter] });
    assert.equal(pkg(inv, "dpkg-stanzas")?.version, "88");
  });

  for (const [label, ref] of [
    ["OCI layout", "layout:multi"],
    ["docker save tar", "multi.tar"],
    ["OCI layout tar", "multi-oci.tar"],
  ] as const) {
    test(`${label}: three umoci layers stack with their whiteouts`, async () => {
      const inv = await inventory(join(fx(), ref), { catalogers: [stanzaCounter, fileLister("srv/")] });
      const layers = inv.target.layers?.map((l) => l.digest) ?? [];
      assert.equal(layers.length, 3);
      assert.equal(pkg(inv, "dpkg-stanzas")?.version, "10", "the upper layer's status file wins");
      assert.equal(pkg(inv, "dpkg-stanzas")?.layer, layers[1]);
      assert.equal(pkg(inv, "srv/kept.txt")?.layer, layers[1]);
      assert.equal(pkg(inv, "srv/removed.txt"), undefined, "whited out in layer 3");
      assert.equal(
        inv.os?.prettyName,
        undefined,
        "usr/lib/os-release whited out: OS from etc/debian_version",
      );
      assert.equal(inv.os?.ecosystem, "Debian:12");
    });
  }

  test("an OCI index: linux/amd64 by default, --platform picks another, an absent one lists what exists", async () => {
    const ref = `${join(fx(), "layout")}:multi-arch`;
    const amd = await inventory(ref, { catalogers: [stanzaCounter] });
    assert.equal(pkg(amd, "dpkg-stanzas")?.version, "88");
    const arm = await inventory(ref, { catalogers: [stanzaCounter], platform: "linux/arm64" });
    assert.equal(pkg(arm, "dpkg-stanzas")?.version, "10");
    await assert.rejects(
      inventory(ref, { catalogers: [], platform: "linux/s390x" }),
      /no image for platform linux\/s390x \(the index has: linux\/amd64, linux\/arm64\/v8\)/,
    );
  });

  test("a blob whose bytes do not match its digest is refused", async () => {
    const copy = join(scratchDir(), "layout");
    cpSync(join(fx(), "zstd"), copy, { recursive: true });
    const blobs = join(copy, "blobs/sha256");
    const biggest = readdirSync(blobs).sort(
      (a, b) => statSync(join(blobs, b)).size - statSync(join(blobs, a)).size,
    )[0]!;
    const bytes = readFileSync(join(blobs, biggest));
    bytes[bytes.length - 100] = (bytes[bytes.length - 100]! + 1) % 256;
    writeFileSync(join(blobs, biggest), bytes);
    await assert.rejects(inventory(copy, { catalogers: [] }), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, new RegExp(`${biggest}.*(digest mismatch|corrupt)`));
      return true;
    });
  });
});
