import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { PAGE, renderCodeRulesPage } from "../../scripts/code-rules-doc.js";

test("docs/code-rules.md is the page scripts/code-rules-doc.ts generates from every analyzer's rules", async () => {
  const expected = await renderCodeRulesPage();
  assert.ok(
    readFileSync(PAGE, "utf8") === expected,
    "docs/code-rules.md is out of date: run `node --import tsx scripts/code-rules-doc.ts` and commit it",
  );
  for (const id of [
    "vigil.sast.js.command-injection",
    "vigil.secrets.github-token",
    "vigil.iac.dockerfile.root-user",
  ]) {
    assert.ok(expected.includes(`### \`${id}\``), `${id} is documented`);
  }
});
