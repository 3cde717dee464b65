/**
 * Every detector has a vulnerable and a safe example under rules/examples/, annotated Semgrep-style: a
 * comment `ruleid: <id>` on the line before a line where a match must start, `ok: <id>` before a line
 * where none may. Each example file must give exactly its annotated matches (of any detector), so a
 * detector without examples, a missed secret and a false positive all fail here. Provider-format secrets
 * are `@@gen:...@@` markers that test-support.ts turns into synthetic values with valid checksums.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Analyzer } from "../analyzer.js";
import { loadSecretsAnalyzer } from "./index.js";
import { materialize } from "./test-support.js";

const EXAMPLES = join(import.meta.dirname, "rules", "examples");
const ANNOTATION = /^\s*(?:#|\/\/|<!--|--|;)\s*(ruleid|ok):\s*(vigil\.secrets\.[a-z0-9-]+)/;

interface Annotations {
  expected: string[];
  ok: string[];
}

/** `ruleId@line` for each annotation, the line being the next line that is not an annotation. */
function annotations(text: string): Annotations {
  const lines = text.split("\n");
  const out: Annotations = { expected: [], ok: [] };
  let pending: { kind: string; id: string }[] = [];
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (m) {
      pending.push({ kind: m[1]!, id: m[2]! });
      return;
    }
    for (const p of pending) (p.kind === "ruleid" ? out.expected : out.ok).push(`${p.id}@${i + 1}`);
    pending = [];
  });
  return out;
}

async function scan(analyzer: Analyzer, path: string, text: string) {
  const bytes = Buffer.from(text);
  return analyzer.analyze({ path, bytes, text: () => text }, (m) => assert.fail(`warning: ${m}`));
}

const analyzer = await loadSecretsAnalyzer();
const files = readdirSync(EXAMPLES).sort();

describe("secrets detector examples", () => {
  test("every detector has a vulnerable and a safe example, and every example names a detector", () => {
    const names = analyzer.rules().map((r) => r.id.replace("vigil.secrets.", ""));
    for (const name of names) {
      for (const kind of ["vulnerable", "safe"]) {
        assert.ok(
          files.some((f) => f.startsWith(`${name}.${kind}.`)),
          `rules/examples/${name}.${kind}.<ext> is missing`,
        );
      }
    }
    for (const f of files) {
      const name = f.split(".")[0]!;
      assert.ok(names.includes(name), `rules/examples/${f} names no detector`);
    }
  });

  for (const file of files) {
    const [name, kind] = file.split(".") as [string, string];
    test(`${file}: exactly the annotated matches`, async () => {
      const text = materialize(readFileSync(join(EXAMPLES, file), "utf8"), file);
      const notes = annotations(text);
      if (kind === "vulnerable") {
        assert.ok(
          notes.expected.some((e) => e.startsWith(`vigil.secrets.${name}@`)),
          `${file} has no ruleid: vigil.secrets.${name}`,
        );
      } else {
        assert.equal(notes.expected.length, 0, `${file} is a safe example but has ruleid annotations`);
        assert.ok(notes.ok.length > 0, `${file} has no ok: annotations`);
      }
      const matches = await scan(analyzer, `src/${file}`, text);
      const actual = matches.map((m) => `${m.ruleId}@${m.location.startLine}`).sort();
      assert.deepEqual(actual, [...notes.expected].sort(), `${file}: matches differ from the annotations`);
      for (const ok of notes.ok)
        assert.ok(!actual.includes(ok), `${file}: ${ok} is annotated ok but matched`);
      for (const m of matches) {
        assert.equal(m.evidence?.["context"], undefined, `${file}: not a test path`);
      }
    });
  }

  test("the examples folder exists next to the rules", () => {
    assert.ok(existsSync(EXAMPLES));
  });
});
