import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { configurationDoc } from "../../src/config/print.js";
import { SETTINGS } from "../../src/config/schema.js";

const page = readFileSync(resolve(import.meta.dirname, "../../docs/configuration.md"), "utf8");

test("docs/configuration.md is the page generated from the schema (run `node --import tsx scripts/config-doc.ts`)", () => {
  assert.equal(page, configurationDoc());
});

test("docs/configuration.md has a row for every setting, with its flag and variable", () => {
  for (const s of SETTINGS) {
    const row = page.split("\n").find((l) => l.startsWith(`| \`${s.key}\` |`));
    assert.ok(row, s.key);
    if (s.env !== undefined) assert.ok(row.includes(`\`${s.env}\``), `${s.key}: ${s.env}`);
  }
});

test("every setting has a variable, every variable and flag names one setting per command", () => {
  for (const s of SETTINGS) assert.ok(s.env !== undefined, `${s.key} has no environment variable`);
  const envs = SETTINGS.map((s) => s.env);
  assert.equal(new Set(envs).size, envs.length, "an environment variable names two settings");
});
