import { z } from "zod";
import { InputError } from "../../errors.js";
import type { Advisory, Affected } from "../../model/advisory.js";
import type { FeedItem, FeedName, FeedSummary } from "../feed.js";
import { fileTime, firstIssue, readJsonFile, skipped } from "./common.js";

/** The document around the packages; `packages` is null in some real files (Alpine v3.3 community). */
const secdbSchema = z.object({
  distroversion: z.string().optional(),
  reponame: z.string().optional(),
  urlprefix: z.string().optional(),
  packages: z.array(z.unknown()).nullable(),
});

const packageSchema = z.object({
  pkg: z.object({
    name: z.string().min(1),
    // A version whose list is null (Alpine v3.6 main heimdal 7.4.0-r0) names no vulnerability.
    secfixes: z.record(z.string(), z.array(z.string().nullable()).nullable()).nullish(),
  }),
});

/** Which secdb publisher a document is from. */
export type SecdbFlavour = "alpine-secdb" | "wolfi-secdb" | "chainguard-secdb";

const PREFIX: Record<SecdbFlavour, string> = {
  "alpine-secdb": "ALPINE",
  "wolfi-secdb": "WOLFI",
  "chainguard-secdb": "CHAINGUARD",
};

/**
 * The vulnerability ids in one secfix list item. Items are a CVE id, sometimes followed by more ids
 * ("CVE-2019-1234 XSA-300") or by a remark in parentheses ("CVE-2019-1234 (BGP)"), or a non-CVE id
 * alone (XSA-, TALOS-, GHSA-, ZBX-, wnpa-sec-). Written variants are normalised ("CVE_2019-1234",
 * "CVE-2019-1234.patch", "CVE-2019-1234-1" -> "CVE-2019-1234"); placeholders ("CVE-????-?????") are dropped.
 */
export function secfixIds(item: string): string[] {
  const out: string[] = [];
  const text = item.replace(/\([^)]*\)?/g, " ");
  for (const raw of text.split(/\s+/)) {
    const token = raw.replace(/\.patch$/, "").replace(/[,;:]+$/, "");
    const cve = /^CVE[-_](\d{4})-(\d{4,})/i.exec(token);
    if (cve !== null) out.push(`CVE-${cve[1]}-${cve[2]}`);
    else if (/^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$/.test(token)) out.push(token);
  }
  return [...new Set(out)];
}

/** The OSV ecosystem of a secdb document: `Alpine:v3.11` (from distroversion), `Wolfi`, `Chainguard`. */
function ecosystemOf(flavour: SecdbFlavour, distroversion: string | undefined): string {
  if (flavour === "wolfi-secdb") return "Wolfi";
  if (flavour === "chainguard-secdb") return "Chainguard";
  return distroversion === undefined ? "Alpine" : `Alpine:${distroversion}`;
}

/**
 * Reads a secdb document (Alpine `v3.x/{main,community}.json`, Wolfi/Chainguard `security.json`).
 * Per package entry, per secfix version, per vulnerability id: an advisory `ALPINE-<id>` (WOLFI-,
 * CHAINGUARD-), alias the id, affected the package with range introduced 0 / fixed at that version
 * (distro status fixed); a secfix version "0" means the package was never affected (not-affected, no
 * range). Ids listed under several versions of one package give one advisory with one affected entry
 * each. Counts package entries.
 */
export async function* readSecdb(
  path: string,
  label: string,
  flavour: SecdbFlavour,
): AsyncGenerator<FeedItem, FeedSummary> {
  const feed: FeedName = flavour;
  const doc = secdbSchema.safeParse(await readJsonFile(path, label));
  if (!doc.success) {
    throw new InputError(`${label} (${path})`, `not a secdb document: ${firstIssue(doc.error)}`);
  }
  const modified = await fileTime(path);
  const ecosystem = ecosystemOf(flavour, doc.data.distroversion);
  let count = 0;
  let skippedCount = 0;
  for (const [index, raw] of (doc.data.packages ?? []).entries()) {
    count++;
    const parsed = packageSchema.safeParse(raw);
    if (!parsed.success) {
      skippedCount++;
      yield skipped(label, `packages[${index}]`, firstIssue(parsed.error));
      continue;
    }
    const { name, secfixes } = parsed.data.pkg;
    const byId = new Map<string, Affected[]>();
    for (const [version, items] of Object.entries(secfixes ?? {})) {
      for (const item of items ?? []) {
        if (item === null) continue;
        for (const id of secfixIds(item)) {
          const a: Affected =
            version === "0"
              ? { package: { ecosystem, name }, distroStatus: "not-affected" }
              : {
                  package: { ecosystem, name },
                  ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: version }] }],
                  distroStatus: "fixed",
                };
          const list = byId.get(id);
          if (list === undefined) byId.set(id, [a]);
          else list.push(a);
        }
      }
    }
    for (const [id, affected] of byId) {
      const adv: Advisory = {
        id: `${PREFIX[flavour]}-${id}`,
        modified,
        aliases: [id],
        affected,
        references: [],
        feed: label,
      };
      if (id.startsWith("CVE-")) adv.upstream = [id];
      yield { kind: "advisory", advisory: adv };
    }
  }
  return { feed, label, unit: "package entries", count, skipped: skippedCount, date: modified };
}
