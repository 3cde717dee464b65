/** Enrichment the vulnerability database keeps per CVE, beside the advisories. */

export interface CvssMetric {
  version: "2.0" | "3.0" | "3.1" | "4.0";
  vector: string;
  baseScore: number;
  /** Who scored it: "nvd@nist.gov", a CNA, a vendor ("debian", "ghsa"...). */
  source: string;
  /** NVD's "Primary" / "Secondary". */
  kind?: "Primary" | "Secondary";
  /**
   * For a metric read from a CVE record (CVE JSON 5): the container it came from, the CNA's own or an
   * ADP's (CISA-ADP). Absent for NVD's list and for advisories' own scores.
   */
  container?: "cna" | "adp";
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

/** CISA's SSVC decision points for a CVE (CVE record, CISA-ADP container), lower-cased. */
export interface SsvcDecision {
  exploitation?: "none" | "poc" | "active";
  automatable?: "yes" | "no";
  technicalImpact?: "partial" | "total";
  /** The ADP that gave them ("CISA-ADP"). */
  source: string;
  /** SSVC version ("2.0.3") and when the decision was taken, as given. */
  version?: string;
  timestamp?: string;
}

/**
 * One CVE record of the CVE List (CVE JSON 5.x, as also published by CISA vulnrichment): what the CNA
 * and the ADPs say about a CVE. A REJECTED record is withdrawn and carries no metrics.
 */
export interface CveRecord {
  id: string;
  state: "PUBLISHED" | "REJECTED";
  /** The CNA that assigned it: `assignerShortName`, else its orgId. */
  assigner: string;
  /** datePublished, dateUpdated, dateRejected, as given. */
  published?: string;
  updated?: string;
  rejected?: string;
  title?: string;
  /** The English description (or the rejection reason of a REJECTED record). */
  description?: string;
  /** CNA metrics first (container "cna", source = the CNA), then ADP metrics (container "adp"). */
  cvss: CvssMetric[];
  /** CWE ids from the CNA's and the ADPs' problem types. */
  cwes: string[];
  /** References of every container, unioned by URL. */
  references: { url: string; tags?: string[] }[];
  ssvc?: SsvcDecision;
  /** The CISA-ADP's KEV marker (date added to the catalog, its catalog link). */
  kev?: { dateAdded: string; reference?: string };
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
