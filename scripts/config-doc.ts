/**
 * Writes docs/configuration.md, the table of every setting, from src/config/schema.ts (the schema is the
 * source; the page is generated, never edited by hand; test/config/doc.test.ts checks they agree).
 *   node --import tsx scripts/config-doc.ts
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { configurationDoc } from "../src/config/print.js";

writeFileSync(resolve(import.meta.dirname, "../docs/configuration.md"), configurationDoc());
