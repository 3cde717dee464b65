import assert from "node:assert/strict";
import { test } from "node:test";
import { durationOf, formatDuration, parseDuration } from "./duration.js";

test("durations: a number and a unit (ms, s, m, h, d), decimals and a space allowed", () => {
  const table: [string, number][] = [
    ["500ms", 500],
    ["90s", 90_000],
    ["15m", 900_000],
    ["2h", 7_200_000],
    ["7d", 604_800_000],
    ["1.5h", 5_400_000],
    [" 30 s ", 30_000],
    ["0.5s", 500],
  ];
  for (const [text, ms] of table) {
    assert.equal(parseDuration("--x", text, { minMs: 0 }), ms, text);
  }
});

test("durations: a bare number is refused, except 0 (and off) where off is allowed", () => {
  for (const text of ["90", "1", "15.5"]) {
    assert.throws(() => parseDuration("--x", text, { minMs: 0 }), /is not a duration/, text);
    assert.throws(() => parseDuration("--x", text, { minMs: 0, off: true }), /is not a duration/, text);
  }
  assert.equal(parseDuration("--x", "0", { minMs: 60_000, off: true }), 0);
  assert.equal(parseDuration("--x", "off", { minMs: 60_000, off: true }), 0);
  assert.equal(parseDuration("--x", "OFF", { minMs: 60_000, off: true }), 0);
  assert.throws(() => parseDuration("--x", "0", { minMs: 1000 }), /is not a duration/);
  assert.throws(() => parseDuration("--x", "off", { minMs: 1000 }), /is not a duration/);
});

test("durations: below the minimum, an unknown unit, a negative or empty value are errors naming the input and what is allowed", () => {
  assert.throws(
    () => parseDuration("--heartbeat", "5x", { minMs: 1000 }),
    (e: Error) =>
      e.message ===
      '--heartbeat: "5x" is not a duration of at least 1s: write a number and a unit (ms, s, m, h, d), e.g. 90s, 15m, 2h or 7d',
  );
  assert.throws(
    () => parseDuration("--db-update-interval", "30s", { minMs: 60_000, off: true }),
    /--db-update-interval: "30s" is not a duration of at least 1m: .* or 7d, or off$/,
  );
  for (const text of ["", "-5m", "5 minutes", "1w", "m", "1e3s", "5m30s"]) {
    assert.ok("problem" in durationOf(text, { minMs: 0 }), JSON.stringify(text));
  }
});

test("durations are written back in the largest unit that fits", () => {
  assert.equal(formatDuration(1000), "1s");
  assert.equal(formatDuration(60_000), "1m");
  assert.equal(formatDuration(5_400_000), "1.5h");
  assert.equal(formatDuration(86_400_000), "1d");
  assert.equal(formatDuration(250), "250ms");
});
