/**
 * Writes real tar files and `docker save` archives for tests (with tar-stream, the same library a
 * registry client would meet), so hostile shapes can be made on purpose.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";

/** One entry of a test tar. */
export interface TestEntry {
  name: string;
  type?: "file" | "directory" | "symlink" | "link";
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

/** The bytes of a tar holding `entries`, in order. */
export async function tarOf(entries: TestEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((ok, fail) => {
    p.on("end", () => ok());
    p.on("error", fail);
  });
  for (const e of entries) {
    const type = e.type ?? "file";
    const body = e.content === undefined ? undefined : Buffer.from(e.content);
    await new Promise<void>((ok, fail) => {
      const header = {
        name: e.name,
        type,
        mode: e.mode ?? (type === "directory" ? 0o755 : 0o644),
        ...(e.linkname === undefined ? {} : { linkname: e.linkname }),
        ...(body === undefined ? {} : { size: body.length }),
      };
      const cb = (err?: Error | null) => (err ? fail(err) : ok());
      if (body === undefined) p.entry(header, cb);
      else p.entry(header, body, cb);
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

function sha256(b: Buffer | string): string {
  return createHash("sha256").update(b).digest("hex");
}

/**
 * A `docker save` archive (legacy manifest.json layout) of the given layer tars, bottom to top, with a
 * config whose diff ids match. `omitLayer` leaves one layer file out (the manifest still names it).
 */
export async function dockerArchive(layers: Buffer[], options: { omitLayer?: number } = {}): Promise<Buffer> {
  const names = layers.map((l) => `${sha256(l)}.tar`);
  const config = JSON.stringify({
    architecture: "amd64",
    os: "linux",
    rootfs: { type: "layers", diff_ids: layers.map((l) => `sha256:${sha256(l)}`) },
    history: layers.map((_, i) => ({ created_by: `layer ${i}` })),
  });
  const configName = `${sha256(config)}.json`;
  const manifest = JSON.stringify([{ Config: configName, RepoTags: ["vigil/test:1"], Layers: names }]);
  const entries: TestEntry[] = [];
  layers.forEach((l, i) => {
    if (i !== options.omitLayer) entries.push({ name: names[i]!, content: l });
  });
  entries.push({ name: configName, content: config }, { name: "manifest.json", content: manifest });
  return tarOf(entries);
}

let scratch: string | undefined;

/** A temp directory for this test process, removed when it exits. */
export function scratchDir(): string {
  if (scratch === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "vigil-inventory-test-"));
    scratch = dir;
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return mkdtempSync(join(scratch, "t-"));
}

/** Writes bytes to a fresh temp file (removed when the process exits) and returns its path. */
export function tempFile(name: string, bytes: Buffer): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, bytes);
  return path;
}

/** gzip, for layers and archives. */
export function gz(bytes: Buffer): Buffer {
  return gzipSync(bytes);
}
