/**
 * Every check runs on its own vulnerable and safe examples (`checks/<kind>/<name>/vulnerable*.<ext>`,
 * `safe*.<ext>`), annotated Semgrep-style: `# ruleid: <id>` on the line before a line that must match,
 * `# ok: <id>` before one that must not. Each example must produce exactly its annotated matches, from
 * every check (not only its own), so a realistic example stays honest about everything in it.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import type { CodeMatch } from "../../model/code.js";
import type { Analyzer } from "../analyzer.js";
import { loadChecks } from "./check.js";
import { DEFAULT_CHECKS_DIR, loadIacAnalyzer } from "./index.js";

const checks = loadChecks(DEFAULT_CHECKS_DIR);
const analyzer = await loadIacAnalyzer();

async function scan(
  a: Analyzer,
  path: string,
  text: string,
): Promise<{ matches: CodeMatch[]; warnings: string[] }> {
  const warnings: string[] = [];
  const bytes = Buffer.from(text);
  assert.ok(a.wants(path, bytes.length), `${path} is wanted`);
  const matches = await a.analyze({ path, bytes, text: () => text }, (m) => warnings.push(m));
  return { matches, warnings };
}

interface Expected {
  ruleid: Set<string>;
  ok: Set<string>;
}

/** `id@line` for every annotation, the line being the next one that is not an annotation. */
function annotations(text: string): Expected {
  const lines = text.split("\n");
  const out: Expected = { ruleid: new Set(), ok: new Set() };
  let pending: { kind: "ruleid" | "ok"; id: string }[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*(?:#|\/\/)\s*(ruleid|ok):\s*(.+?)\s*$/.exec(line);
    if (m) {
      for (const id of m[2]!.split(",")) pending.push({ kind: m[1] as "ruleid" | "ok", id: id.trim() });
      return;
    }
    for (const p of pending) out[p.kind].add(`${p.id}@${i + 1}`);
    pending = [];
  });
  return out;
}

describe("IaC checks: vulnerable and safe examples", () => {
  for (const check of checks) {
    const dir = join(DEFAULT_CHECKS_DIR, dirname(check.file));
    const examples = readdirSync(dir).filter((f) => /^(vulnerable|safe)/.test(f));
    test(`${check.id} has a vulnerable and a safe example`, () => {
      assert.ok(
        examples.some((f) => f.startsWith("vulnerable")),
        `${dir}: no vulnerable example`,
      );
      assert.ok(
        examples.some((f) => f.startsWith("safe")),
        `${dir}: no safe example`,
      );
    });
    for (const file of examples) {
      test(`${check.id}: ${file} gives exactly its annotated matches`, async () => {
        const rel = `checks/${dirname(check.file)}/${file}`;
        const text = readFileSync(join(dir, file), "utf8");
        const expected = annotations(text);
        const own = [...(file.startsWith("vulnerable") ? expected.ruleid : expected.ok)];
        assert.ok(
          own.some((a) => a.startsWith(`${check.id}@`)),
          `${rel} must annotate ${file.startsWith("vulnerable") ? "ruleid" : "ok"}: ${check.id}`,
        );
        const { matches, warnings } = await scan(analyzer, rel, text);
        assert.deepEqual(warnings, []);
        const actual = new Set(matches.map((m) => `${m.ruleId}@${m.location.startLine}`));
        assert.deepEqual([...actual].sort(), [...expected.ruleid].sort(), `${rel}: matches`);
        for (const ok of expected.ok) assert.ok(!actual.has(ok), `${rel}: ${ok} must not match`);
        for (const m of matches) {
          assert.ok(m.evidence?.resource, "names the resource");
          assert.ok(m.message.includes(m.evidence.resource), "the message names the resource");
          assert.ok(
            m.key.includes(m.evidence.resource.split(" (")[0]!.split(" ")[0]!),
            "the key names the resource",
          );
          assert.notEqual(m.snippet.trim(), "", "has a snippet");
        }
      });
    }
  }
});
