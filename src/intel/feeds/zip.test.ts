import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import yauzl from "yauzl";
import { InputError } from "../../errors.js";
import { FEEDS, tempDir, writeZipEntries } from "./test-support/feeds.js";
import { zipEntries } from "./zip.js";

/** Every file entry of an archive, name and bytes, as read by zipEntries. */
async function readAll(path: string): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  for await (const e of zipEntries(path, "test")) out.push([e.name, e.read()]);
  return out;
}

/** The same, as read by yauzl (the reference). */
async function readWithYauzl(path: string): Promise<[string, Buffer][]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  const out: [string, Buffer][] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err !== null || stream === undefined) {
            reject(err);
            return;
          }
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            out.push([entry.fileName, Buffer.concat(chunks)]);
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return out;
}

async function rejection(path: string): Promise<{ error: InputError; read: string[] }> {
  const read: string[] = [];
  try {
    for await (const e of zipEntries(path, "feed:x")) {
      e.read();
      read.push(e.name);
    }
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return { error: e, read };
  }
  assert.fail("the archive was read without an error");
}

describe("zip reader", () => {
  for (const archive of [
    "osv/crates.io/all.zip",
    "rubysec/ruby-advisory-db-master.zip",
    "friendsofphp/security-advisories-master.zip",
  ]) {
    test(`${archive}: every entry reads as yauzl reads it (names, bytes, order)`, async () => {
      const path = join(FEEDS, archive);
      const mine = await readAll(path);
      const reference = await readWithYauzl(path);
      assert.ok(mine.length > 1000);
      assert.deepEqual(
        mine.map(([n]) => n),
        reference.map(([n]) => n),
      );
      for (let i = 0; i < mine.length; i++) assert.ok(mine[i]![1].equals(reference[i]![1]), mine[i]![0]);
    });
  }

  test("stored entries read as is, directories are passed over, names without the UTF-8 flag are code page 437", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = join(dir, "a.zip");
      await writeZipEntries(zip, [
        { name: "top/", data: Buffer.alloc(0), method: 0 },
        { name: "top/stored.json", data: Buffer.from('{"a":1}'), method: 0 },
        { name: Buffer.from([0x63, 0x61, 0x66, 0x82, 0x2e, 0x79, 0x6d, 0x6c]), data: Buffer.from("x: 1\n") },
        { name: "top/empty.json", data: Buffer.alloc(0) },
      ]);
      const entries = await readAll(zip);
      assert.deepEqual(
        entries.map(([n, b]) => [n, b.toString("utf8")]),
        [
          ["top/stored.json", '{"a":1}'],
          ["café.yml", "x: 1\n"],
          ["top/empty.json", ""],
        ],
      );
    } finally {
      await cleanup();
    }
  });

  test("a zip64 archive (sizes, offsets and entry count in zip64 records) reads like a plain one", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const entries = ["A-1", "A-2", "A-3"].map((id) => ({
        name: `${id}.json`,
        data: Buffer.from(JSON.stringify({ id, details: "x".repeat(5000) })),
      }));
      await writeZipEntries(join(dir, "plain.zip"), entries);
      await writeZipEntries(join(dir, "zip64.zip"), entries, { zip64: true });
      const plain = await readAll(join(dir, "plain.zip"));
      assert.equal(plain.length, 3);
      assert.deepEqual(await readAll(join(dir, "zip64.zip")), plain);
    } finally {
      await cleanup();
    }
  });

  test("an unsafe name anywhere in the archive rejects it before the first entry is handed out", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = join(dir, "a.zip");
      await writeZipEntries(zip, [
        { name: "ok.json", data: Buffer.from("{}") },
        { name: "x/../../evil.json", data: Buffer.from("{}") },
      ]);
      const { error, read } = await rejection(zip);
      assert.deepEqual(read, []);
      assert.match(error.message, /feed:x/);
      assert.match(error.message, /"x\/\.\.\/\.\.\/evil\.json" has an unsafe path/);
    } finally {
      await cleanup();
    }
  });

  test("an entry that does not inflate to its announced size is an InputError naming the entry", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = join(dir, "a.zip");
      await writeZipEntries(zip, [
        { name: "good.json", data: Buffer.from('{"a":1}') },
        { name: "short.json", data: Buffer.from('{"a":1}'), announcedSize: 100 },
      ]);
      const { error, read } = await rejection(zip);
      assert.deepEqual(read, ["good.json"]);
      assert.match(error.message, /entry "short\.json"/);
      assert.match(error.message, /expected 100 bytes, inflated 7/);
      assert.match(error.message, /truncated or corrupt/);
    } finally {
      await cleanup();
    }
  });

  test("a bigger entry than announced stops inflating at the announced size (no zip bomb)", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = join(dir, "a.zip");
      await writeZipEntries(zip, [{ name: "bomb.json", data: Buffer.alloc(4 << 20), announcedSize: 10 }]);
      const { error } = await rejection(zip);
      assert.match(error.message, /entry "bomb\.json"/);
    } finally {
      await cleanup();
    }
  });

  test("an encrypted entry or an unknown compression method is an InputError naming the entry", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeZipEntries(join(dir, "enc.zip"), [{ name: "e.json", data: Buffer.from("{}"), flags: 1 }]);
      assert.match((await rejection(join(dir, "enc.zip"))).error.message, /entry "e\.json".*encrypted/);
      await writeZipEntries(join(dir, "bz.zip"), [{ name: "b.json", data: Buffer.from("{}"), method: 12 }]);
      assert.match(
        (await rejection(join(dir, "bz.zip"))).error.message,
        /entry "b\.json".*compression method 12 is not supported/,
      );
    } finally {
      await cleanup();
    }
  });

  test("a file that is not a zip archive is an InputError saying so", async () => {
    const { error } = await rejection(join(FEEDS, "README.md"));
    assert.match(
      error.message,
      /not a readable zip archive: end of central directory record signature not found/,
    );
  });
});
