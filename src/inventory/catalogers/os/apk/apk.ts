import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { CatalogContext, Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { apkPurl } from "../../purl.js";

const INSTALLED = /(^|\/)lib\/apk\/db\/installed$/;

/** One package record of the installed database: single-letter keys, some repeated (F, R, a, Z). */
interface ApkRecord {
  line: number;
  fields: Map<string, string>;
}

/** Splits the database into records (blank-line separated "K:value" lines), with InputErrors naming the line. */
function parseRecords(source: string, text: string): ApkRecord[] {
  const records: ApkRecord[] = [];
  let current: ApkRecord | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (line === "") {
      current = undefined;
      continue;
    }
    if (line.length < 2 || line[1] !== ":") {
      throw new InputError(
        `${source} line ${i + 1}`,
        `expected "K:value" (one letter, a colon), got ${JSON.stringify(line.slice(0, 80))}; is this apk's installed database?`,
      );
    }
    if (!current) {
      current = { line: i + 1, fields: new Map() };
      records.push(current);
    }
    const key = line[0]!;
    // File lists (F/R/a/M/Z) repeat per file and are not needed: the first value of each key is kept.
    if (!current.fields.has(key)) current.fields.set(key, line.slice(2));
  }
  return records;
}

/**
 * Installed Alpine, Wolfi and Chainguard packages from apk's database, `lib/apk/db/installed`:
 * P (name), V (version), A (architecture), o (origin: the source package advisories name), L (license).
 */
export const apkCataloger: Cataloger = {
  name: "apk",
  wants(file: FileInfo): boolean {
    return INSTALLED.test(file.path);
  },
  async catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> {
    const packages: Package[] = parseRecords(file.path, await file.text()).map((record) => {
      const get = (k: string) => record.fields.get(k);
      const name = get("P");
      const version = get("V");
      if (!name || !version) {
        throw new InputError(
          `${file.path} line ${record.line}`,
          `package record has no ${name ? "V: (version)" : "P: (name)"} line`,
        );
      }
      const arch = get("A");
      const license = get("L");
      const metadata: Record<string, string> = {};
      if (arch) metadata["architecture"] = arch;
      const commit = get("c");
      if (commit) metadata["commit"] = commit;
      return {
        name,
        version,
        ecosystem: ctx.os?.ecosystem ?? "Alpine",
        purl: apkPurl(ctx.os, name, version, arch),
        source: { name: get("o") || name, version },
        locations: [file.path],
        ...(file.layer ? { layer: file.layer } : {}),
        ...(license ? { licenses: [license] } : {}),
        foundBy: "apk",
        metadata,
      };
    });
    return { packages };
  },
};
