/** Enrichment the vulnerability database keeps per CVE, beside the advisories. */

export interface CvssMetric {
  version: "2.0" | "3.0" | "3.1" | "4.0";
  vector: string;
  baseScore: number;
  /** Who scored it: "nvd@nist.gov", a CNA, a vendor ("debian", "ghsa"...). */
  source: string;
  /** NVD's "Primary" / "Secondary". */
  kind?: "Primary" | "Secondary";
}

/** NVD CVE API 2.0 data for one CVE. */
export interface NvdRecord {
  id: string;
  published: string;
  lastModified: string;
  status?: string;
  description?: string;
  cvss: CvssMetric[];
  cwes: string[];
  /** Kept for later CPE matching; the raw `configurations` array. */
  configurations?: unknown[];
  references: { url: string; tags?: string[] }[];
}

/** CISA Known Exploited Vulnerabilities entry. */
export interface KevEntry {
  cveId: string;
  vendorProject: string;
  product: string;
  name: string;
  dateAdded: string;
  dueDate: string;
  requiredAction?: string;
  knownRansomwareCampaignUse: "Known" | "Unknown";
  notes?: string;
}

/** FIRST EPSS score for one CVE. */
export interface EpssScore {
  cve: string;
  /** Probability of exploitation in the next 30 days, 0..1. */
  epss: number;
  /** Percentile among all scored CVEs, 0..1. */
  percentile: number;
  /** The model's score date (YYYY-MM-DD). */
  date: string;
  modelVersion?: string;
}

/** endoflife.date: one release cycle of a product. */
export interface EolCycle {
  product: string;
  cycle: string;
  codename?: string;
  releaseDate?: string;
  /** End of life: a date (YYYY-MM-DD), or true/false when only that is known. */
  eol: string | boolean;
  /** End of extended support, when the product has one. */
  extendedSupport?: string | boolean;
  lts?: boolean | string;
  latest?: string;
}
