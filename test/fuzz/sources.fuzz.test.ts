/**
 * Fuzzing what an image source parses (src/sources/): image manifests, indexes, configs and docker-save
 * manifests (real ones from the Debian image archives in ../shared/feeds/artifacts/images, mutated as
 * bytes and trees), platform strings and image references, and tar streams (real layer tars built from
 * this repository's fixtures, mutated: headers, sizes, names, truncation). Each must give a value or an
 * InputError naming the input, within the deadline.
 */
import assert from "node:assert/strict";
import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createGunzip } from "node:zlib";
import fc from "fast-check";
import tar from "tar-stream";
import { repoRoot, sharedFeeds } from "../../src/inventory/catalogers/test-support.js";
import {
  choosePlatform,
  configSchema,
  dockerManifestSchema,
  indexSchema,
  manifestSchema,
  parseJson,
  parsePlatform,
} from "../../src/sources/image-config.js";
import { parseImageRef } from "../../src/sources/image-ref.js";
import { LimitGuard, resolveLimits } from "../../src/sources/limits.js";
import { walkTar } from "../../src/sources/tar-layer.js";
import { fuzz, mutatedBytes, mutatedJson, noise, Tally } from "./harness.js";

/** The JSON members of a real docker-save archive (manifest.json, the config, and OCI index/manifests if any). */
async function imageJsonSeeds(): Promise<Map<string, Buffer[]>> {
  const out = new Map<string, Buffer[]>([
    ["manifest.json", []],
    ["config", []],
    ["index", []],
    ["manifest", []],
  ]);
  for (const name of ["debian-bookworm-minbase.tar.gz", "debian-bullseye-minbase.tar.gz"]) {
    const extract = tar.extract();
    const done = new Promise<void>((resolve, reject) => {
      extract.on("entry", (header, stream, next) => {
        const chunks: Buffer[] = [];
        const keep =
          header.size !== undefined &&
          header.size < 1024 * 1024 &&
          /\.json$|^blobs\/sha256\/[0-9a-f]+$/.test(header.name);
        stream.on("data", (c: unknown) => {
          if (keep) chunks.push(c as Buffer);
        });
        stream.on("end", () => {
          if (keep) {
            const body = Buffer.concat(chunks);
            const head = body.subarray(0, 200).toString("utf8");
            if (header.name === "manifest.json") out.get("manifest.json")!.push(body);
            else if (head.includes('"rootfs"') || body.includes('"rootfs"')) out.get("config")!.push(body);
            else if (
              head.includes("image.index") ||
              head.includes("manifest.list") ||
              body.includes('"manifests"')
            )
              out.get("index")!.push(body);
            else if (body.includes('"layers"')) out.get("manifest")!.push(body);
          }
          next();
        });
        stream.resume();
      });
      extract.on("finish", resolve);
      extract.on("error", reject);
    });
    createReadStream(join(sharedFeeds, "artifacts/images", name))
      .pipe(createGunzip())
      .pipe(extract);
    await done;
  }
  return out;
}

const seeds = await imageJsonSeeds();

/** A real layer tar built from fixture files of this repository (a dpkg status, a lockfile, a symlink, a dir). */
async function layerTar(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: "var/lib/dpkg/", type: "directory" });
  pack.entry(
    { name: "var/lib/dpkg/status" },
    readFileSync(join(repoRoot, "src/inventory/catalogers/os/dpkg/testdata/variants.status")),
  );
  pack.entry(
    { name: "app/package-lock.json" },
    readFileSync(
      join(repoRoot, "src/inventory/catalogers/javascript/package-lock/testdata/v3/package-lock.json"),
    ),
  );
  pack.entry({ name: "usr/bin/link", type: "symlink", linkname: "../lib/x" });
  pack.entry({ name: "etc/.wh.removed" }, "");
  pack.entry({ name: "etc/hardlink", type: "link", linkname: "var/lib/dpkg/status" });
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe("fuzz: image manifests, configs, references and tar layers", () => {
  for (const [kind, schema] of [
    ["manifest.json", dockerManifestSchema],
    ["config", configSchema],
    ["index", indexSchema],
    ["manifest", manifestSchema],
  ] as const) {
    test(`image ${kind}: a typed value or an InputError`, async (t) => {
      const real = seeds.get(kind) ?? [];
      if (real.length === 0) t.diagnostic(`no ${kind} in the archives: generated seeds only`);
      const fallback = {
        index: Buffer.from(
          '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1,"platform":{"os":"linux","architecture":"amd64"}}]}',
        ),
        manifest: Buffer.from(
          '{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":2}]}',
        ),
      } as Record<string, Buffer>;
      const all = real.length > 0 ? real : [fallback[kind] as Buffer];
      await fuzz(
        new Tally(`image-${kind}`),
        fc.oneof({ weight: 9, arbitrary: mutatedJson(all) }, { weight: 1, arbitrary: noise }),
        (bytes) => {
          const value = parseJson(schema as never, bytes, `image ${kind}`) as unknown;
          if (kind === "index") choosePlatform(value as never, "linux/amd64", "image index");
          return value;
        },
      );
    });
  }

  test("platform strings and image references: a value or an InputError", async () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.constantFrom(
        "linux/amd64",
        "linux/arm64/v8",
        "docker.io/library/debian:12",
        "registry:5000/a/b@sha256:" + "0".repeat(64),
        "a".repeat(300),
      ),
      mutatedBytes([
        Buffer.from("ghcr.io/org/app:1.2.3@sha256:" + "a".repeat(64)),
        Buffer.from("linux/arm/v7"),
      ]).map((b) => b.toString("utf8")),
    );
    await fuzz(new Tally("image-ref"), text, (s) => {
      parseImageRef(s);
      return null;
    });
    await fuzz(new Tally("platform"), text, (s) => parsePlatform(s));
  });

  test("tar layers: every entry visited or an InputError, within the limits", async () => {
    const seed = await layerTar();
    await fuzz(
      new Tally("tar-layer"),
      fc.oneof({ weight: 9, arbitrary: mutatedBytes([seed]) }, { weight: 1, arbitrary: noise }),
      async (bytes) => {
        let entries = 0;
        async function* source() {
          yield bytes;
        }
        await walkTar(source(), "layer.tar", new LimitGuard(resolveLimits({})), async (entry) => {
          entries++;
          assert.equal(typeof entry.path, "string");
          assert.ok(!entry.path.startsWith("/") && !entry.path.split("/").includes(".."), entry.path);
          // Read every file's content: sizes that disagree with the data must surface here, as an InputError.
          if (entry.type === "file") for await (const _ of entry.content());
        });
        return entries;
      },
    );
  });
});
