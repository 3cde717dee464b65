import { z } from "zod";
import { InputError } from "../../errors.js";
import type { CvssMetric, NvdRecord } from "../../model/intel.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { firstIssue, readJsonFile, skipped } from "./common.js";

const metricSchema = z.object({
  source: z.string(),
  type: z.enum(["Primary", "Secondary"]).optional(),
  cvssData: z.object({ version: z.string(), vectorString: z.string(), baseScore: z.number() }),
});

const langString = z.object({ lang: z.string(), value: z.string() });

const cveSchema = z.object({
  id: z.string().regex(/^CVE-\d{4}-\d+$/),
  published: z.string(),
  lastModified: z.string(),
  vulnStatus: z.string().optional(),
  descriptions: z.array(langString).default([]),
  metrics: z
    .object({
      cvssMetricV2: z.array(metricSchema).optional(),
      cvssMetricV30: z.array(metricSchema).optional(),
      cvssMetricV31: z.array(metricSchema).optional(),
      cvssMetricV40: z.array(metricSchema).optional(),
    })
    .default({}),
  weaknesses: z
    .array(z.object({ source: z.string().optional(), description: z.array(langString) }))
    .default([]),
  configurations: z.array(z.unknown()).optional(),
  references: z.array(z.object({ url: z.string(), tags: z.array(z.string()).optional() })).default([]),
});

const pageSchema = z.object({
  format: z.string().optional(),
  version: z.string().optional(),
  timestamp: z.string().optional(),
  vulnerabilities: z.array(z.object({ cve: z.unknown() })),
});

const VERSIONS = {
  cvssMetricV2: "2.0",
  cvssMetricV30: "3.0",
  cvssMetricV31: "3.1",
  cvssMetricV40: "4.0",
} as const;

/** Maps one `vulnerabilities[].cve` object of the NVD CVE API 2.0 to an NvdRecord. */
export function toNvdRecord(cve: z.infer<typeof cveSchema>): NvdRecord {
  const cvss: CvssMetric[] = [];
  for (const key of Object.keys(VERSIONS) as (keyof typeof VERSIONS)[]) {
    for (const m of cve.metrics[key] ?? []) {
      const metric: CvssMetric = {
        version: VERSIONS[key],
        vector: m.cvssData.vectorString,
        baseScore: m.cvssData.baseScore,
        source: m.source,
      };
      if (m.type !== undefined) metric.kind = m.type;
      cvss.push(metric);
    }
  }
  const cwes = new Set<string>();
  for (const w of cve.weaknesses) {
    for (const d of w.description) if (/^CWE-\d+$/.test(d.value)) cwes.add(d.value);
  }
  const rec: NvdRecord = {
    id: cve.id,
    published: cve.published,
    lastModified: cve.lastModified,
    cvss,
    cwes: [...cwes],
    references: cve.references.map((r) =>
      r.tags === undefined ? { url: r.url } : { url: r.url, tags: r.tags },
    ),
  };
  if (cve.vulnStatus !== undefined) rec.status = cve.vulnStatus;
  const en = cve.descriptions.find((d) => d.lang === "en");
  if (en !== undefined) rec.description = en.value;
  if (cve.configurations !== undefined) rec.configurations = cve.configurations;
  return rec;
}

/**
 * Reads one NVD CVE API 2.0 response page (`{format: "NVD_CVE", vulnerabilities: [{cve}]}`): one
 * NvdRecord per CVE with CVSS v2 / v3.0 / v3.1 / v4.0 metrics (primary and secondary sources),
 * CWE ids (NVD-CWE-noinfo / NVD-CWE-Other are not CWE ids and are left out), the English description,
 * references and the raw configurations. Counts CVEs; the summary date is the response timestamp.
 */
export async function* readNvd(path: string, label: string): AsyncGenerator<FeedItem, FeedSummary> {
  const page = pageSchema.safeParse(await readJsonFile(path, label));
  if (!page.success) {
    throw new InputError(`${label} (${path})`, `not an NVD CVE API 2.0 response: ${firstIssue(page.error)}`);
  }
  let count = 0;
  let skippedCount = 0;
  for (const [index, v] of page.data.vulnerabilities.entries()) {
    count++;
    const parsed = cveSchema.safeParse(v.cve);
    if (!parsed.success) {
      skippedCount++;
      const id =
        typeof v.cve === "object" && v.cve !== null && "id" in v.cve
          ? String(v.cve.id)
          : `vulnerabilities[${index}]`;
      yield skipped(label, id, firstIssue(parsed.error));
      continue;
    }
    yield { kind: "nvd", record: toNvdRecord(parsed.data) };
  }
  const summary: FeedSummary = { feed: "nvd", label, unit: "CVEs", count, skipped: skippedCount };
  if (page.data.timestamp !== undefined) summary.date = page.data.timestamp;
  return summary;
}
