/**
 * Writes web/src/api-types.ts, the dashboard's types of the API, from the `/openapi.json` document that the
 * server code produces (`apiDocument`: the route definitions alone, no database, no network listener),
 * through openapi-typescript, formatted by Biome. The file is generated, never edited by hand.
 *   npm run gen:api              # rewrite the file
 *   npm run gen:api -- --check   # exit 1 when the committed file is out of date
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { apiDocument } from "../src/service/http/app.js";

const ROOT = resolve(import.meta.dirname, "..");
export const TYPES_FILE = resolve(ROOT, "web/src/api-types.ts");

const HEADER = `/**
 * The Vigil API's types, generated from /openapi.json by \`npm run gen:api\` (scripts/gen-api.ts with
 * openapi-typescript). Do not edit: change the route schemas in src/service/http/ and run the script.
 */

`;

/** Formats TypeScript source as the repository's Biome configuration does. */
function biomeFormat(source: string, path: string): string {
  const biome = resolve(ROOT, "node_modules/.bin/biome");
  const r = spawnSync(biome, ["format", `--stdin-file-path=${relative(ROOT, path)}`], {
    cwd: ROOT,
    input: source,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`biome format of ${path} failed: ${r.stderr}`);
  return r.stdout;
}

/** The text of web/src/api-types.ts for the API as the server code defines it now. */
export async function apiTypes(): Promise<string> {
  const doc = (await apiDocument()) as unknown as OpenAPI3;
  const ast = await openapiTS(doc, { alphabetize: false, exportType: true });
  return biomeFormat(HEADER + astToString(ast), TYPES_FILE);
}

if (import.meta.filename === process.argv[1]) {
  const text = await apiTypes();
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(TYPES_FILE, "utf8");
    } catch {
      // missing: out of date
    }
    if (current !== text) {
      console.error(`${relative(ROOT, TYPES_FILE)} is out of date: run npm run gen:api and commit it`);
      process.exit(1);
    }
  } else {
    writeFileSync(TYPES_FILE, text);
    console.log(`wrote ${relative(ROOT, TYPES_FILE)}`);
  }
}
