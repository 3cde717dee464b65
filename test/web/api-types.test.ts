import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { apiTypes, TYPES_FILE } from "../../scripts/gen-api.js";

test("web/src/api-types.ts is what npm run gen:api generates from /openapi.json now, downloads and the event stream included", async () => {
  const expected = await apiTypes();
  assert.ok(
    readFileSync(TYPES_FILE, "utf8") === expected,
    "web/src/api-types.ts is out of date with the API's route schemas: run `npm run gen:api` and commit it",
  );
  for (const path of ["/v1/reports/{id}/download", "/v1/sbom-exports/{id}/download", "/v1/events/stream"])
    assert.ok(expected.includes(`"${path}": {`), `${path} is typed`);
  // The dashboard's types are these, not a copy: api.ts takes them from the generated file.
  const api = readFileSync(new URL("../../web/src/api.ts", import.meta.url), "utf8");
  assert.match(api, /from "\.\/api-types"/);
  assert.doesNotMatch(api, /export interface (Finding|Resource|Account|ExportJob)\b/);
});
