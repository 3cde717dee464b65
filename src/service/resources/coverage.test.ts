import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_COVERAGE_SETTINGS } from "../core/context.js";
import { type CoverageInput, computeCoverage } from "./coverage.js";

const now = new Date("2026-11-20T00:00:00Z");
const base: CoverageInput = {
  type: "host",
  tags: {},
  scanTypeEnabled: true,
  pushedAt: null,
  inventoryAt: "2026-11-19T00:00:00Z",
};
const reason = (over: Partial<CoverageInput>) =>
  computeCoverage({ ...base, ...over }, now, DEFAULT_COVERAGE_SETTINGS).reason;

test("coverage: a fresh inventory with the scan type enabled is SCANNING", () => {
  assert.deepEqual(computeCoverage(base, now, DEFAULT_COVERAGE_SETTINGS), {
    status: "SCANNING",
    reason: null,
    detail: null,
  });
});

test("coverage: each reason, and the first one wins", () => {
  assert.equal(reason({ inventoryAt: null }), "PENDING_INITIAL_SCAN");
  assert.equal(reason({ tags: { "vigil:exclude": "" } }), "EXCLUDED_BY_TAG");
  assert.equal(reason({ scanTypeEnabled: false, tags: { "vigil:exclude": "" } }), "SCAN_TYPE_DISABLED");
  assert.equal(reason({ inventoryAt: "2026-11-01T00:00:00Z" }), "STALE_INVENTORY");
  assert.equal(
    reason({ type: "image", inventoryAt: "2026-11-01T00:00:00Z" }),
    null,
    "only host inventories go stale",
  );
  assert.equal(reason({ type: "image", pushedAt: "2026-01-01T00:00:00Z" }), "SCAN_ELIGIBILITY_EXPIRED");
  assert.equal(reason({ evaluation: { unsupportedOs: "plan9 4" } }), "UNSUPPORTED_OS");
  assert.equal(reason({ evaluation: { error: "matching failed" } }), "ERROR");
});

test("coverage: vigil:exclude=code on a function leaves standard scanning on", () => {
  assert.equal(reason({ type: "function", tags: { "vigil:exclude": "code" } }), null);
  assert.equal(reason({ type: "function", tags: { "vigil:exclude": "standard" } }), "EXCLUDED_BY_TAG");
});

test("coverage: an image stays monitored while pushed within the push window OR pulled within the pull window", () => {
  const image = (over: Partial<CoverageInput>) =>
    reason({ type: "image", pushedAt: "2026-11-01T00:00:00Z", ...over });
  assert.equal(image({ pushedAt: "2026-11-07T00:00:00Z" }), null, "13 days after the push (DAYS_14 default)");
  assert.equal(image({}), "SCAN_ELIGIBILITY_EXPIRED", "19 days, never pulled");
  assert.equal(image({ lastPulledAt: "2026-11-10T00:00:00Z" }), null, "pulled 10 days ago");
  assert.equal(
    image({ lastPulledAt: "2026-10-01T00:00:00Z" }),
    "SCAN_ELIGIBILITY_EXPIRED",
    "pulled 50 days ago",
  );
  assert.equal(image({ imageRescan: { pushDate: "DAYS_30", pullDate: "DAYS_14" } }), null);
  assert.equal(
    image({ pushedAt: "2020-01-01T00:00:00Z", imageRescan: { pushDate: "LIFETIME", pullDate: "DAYS_14" } }),
    null,
  );
  assert.equal(
    image({
      lastPulledAt: "2026-10-01T00:00:00Z",
      imageRescan: { pushDate: "DAYS_14", pullDate: "DAYS_60" },
    }),
    null,
  );
});
