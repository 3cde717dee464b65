import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../errors.js";
import { jsonObjectMembers } from "./json-members.js";
import { tempDir } from "./test-support/feeds.js";

async function members(text: string): Promise<[string, unknown][]> {
  const { dir, cleanup } = await tempDir();
  try {
    const file = join(dir, "doc.json");
    await writeFile(file, text);
    const out: [string, unknown][] = [];
    for await (const m of jsonObjectMembers(file, "test")) out.push([m.key, m.value]);
    return out;
  } finally {
    await cleanup();
  }
}

describe("top-level JSON object splitter", () => {
  test("splits members whatever their values hold (strings with braces, escapes, nesting, scalars)", async () => {
    const doc = { a: { s: 'x}",{[' }, 'b\\"k': [1, { c: [] }], c: 3, d: "v", e: null };
    assert.deepEqual(await members(`  ${JSON.stringify(doc, null, 2)}\n`), Object.entries(doc));
    assert.deepEqual(await members("{}"), []);
  });

  test("a member larger than a read chunk is reassembled", async () => {
    const big = "x".repeat(3 * 1024 * 1024);
    assert.deepEqual(await members(JSON.stringify({ a: big, b: 1 })), [
      ["a", big],
      ["b", 1],
    ]);
  });

  test("a truncated document, text after the object, or a non-object is an InputError", async () => {
    await assert.rejects(
      members('{"a": 1, "b": {"c"'),
      (e: unknown) => e instanceof InputError && /truncated/.test(e.message),
    );
    await assert.rejects(members('{"a": 1} x'), InputError);
    await assert.rejects(members("[1, 2]"), /expected a JSON object/);
    await assert.rejects(members('{"a": 1,}'), InputError);
    await assert.rejects(members('{"a": tru}'), /value of "a" is not valid JSON/);
  });
});
