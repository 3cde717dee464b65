import { z } from "zod";
import { InputError } from "../../errors.js";
import type { KevEntry } from "../../model/intel.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { firstIssue, readJsonFile, skipped } from "./common.js";

const catalogSchema = z.object({
  catalogVersion: z.string(),
  dateReleased: z.string().optional(),
  count: z.number().optional(),
  vulnerabilities: z.array(z.unknown()),
});

const entrySchema = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d+$/),
  vendorProject: z.string(),
  product: z.string(),
  vulnerabilityName: z.string(),
  dateAdded: z.string(),
  dueDate: z.string(),
  requiredAction: z.string().optional(),
  knownRansomwareCampaignUse: z.enum(["Known", "Unknown"]),
  notes: z.string().optional(),
});

/**
 * Reads the CISA KEV catalog JSON into KevEntry items. Counts entries; the summary date is the
 * catalog's release date (or its version when the date is missing).
 */
export async function* readKev(path: string, label: string): AsyncGenerator<FeedItem, FeedSummary> {
  const catalog = catalogSchema.safeParse(await readJsonFile(path, label));
  if (!catalog.success) {
    throw new InputError(`${label} (${path})`, `not a CISA KEV catalog: ${firstIssue(catalog.error)}`);
  }
  let count = 0;
  let skippedCount = 0;
  for (const [index, raw] of catalog.data.vulnerabilities.entries()) {
    count++;
    const e = entrySchema.safeParse(raw);
    if (!e.success) {
      skippedCount++;
      const id =
        typeof raw === "object" && raw !== null && "cveID" in raw
          ? String(raw.cveID)
          : `vulnerabilities[${index}]`;
      yield skipped(label, id, firstIssue(e.error));
      continue;
    }
    const { cveID, vulnerabilityName, requiredAction, notes, ...rest } = e.data;
    const entry: KevEntry = { cveId: cveID, name: vulnerabilityName, ...rest };
    if (requiredAction !== undefined) entry.requiredAction = requiredAction;
    if (notes !== undefined && notes !== "") entry.notes = notes;
    yield { kind: "kev", entry };
  }
  return {
    feed: "cisa-kev",
    label,
    unit: "entries",
    count,
    skipped: skippedCount,
    date: catalog.data.dateReleased ?? catalog.data.catalogVersion,
  };
}
