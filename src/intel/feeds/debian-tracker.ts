import { z } from "zod";
import type { Advisory, Affected, DistroStatus } from "../../model/advisory.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { fileTime, firstIssue, skipped } from "./common.js";
import { debianEcosystem } from "./debian-releases.js";
import { jsonObjectMembers } from "./json-members.js";

const releaseSchema = z.object({
  status: z.string(),
  repositories: z.record(z.string(), z.string()).optional(),
  fixed_version: z.string().optional(),
  urgency: z.string().optional(),
  nodsa: z.string().optional(),
  nodsa_reason: z.string().optional(),
});

/** One CVE (or TEMP- id) of one source package in the tracker's `/tracker/data/json`. */
const issueSchema = z.object({
  scope: z.string().optional(),
  debianbug: z.number().optional(),
  description: z.string().optional(),
  // An issue without release data is written as [] by the tracker.
  releases: z.union([z.record(z.string(), releaseSchema), z.array(z.never()).transform(() => ({}))]),
});

type Release = z.infer<typeof releaseSchema>;

/** Tracker urgency without its "**" / "*" marks (they flag an urgency copied from NVD, not assessed). */
export function cleanUrgency(urgency: string | undefined): string | undefined {
  if (urgency === undefined) return undefined;
  const u = urgency.replace(/\*+$/, "").trim();
  return u === "" ? undefined : u;
}

/**
 * Tracker status -> Vigil's distro status and OSV ranges. The choices, close to Grype's and Trivy's
 * Debian providers:
 * - resolved, fixed_version "0": not-affected (the release never had the code);
 * - resolved: fixed, range introduced 0 / fixed X;
 * - open (or undetermined) with urgency "end-of-life": end-of-life, introduced 0 and no fix;
 * - open with a no-dsa decision: will-not-fix, except nodsa_reason "postponed", which stays affected
 *   (a fix is planned for a point release); "ignored" and a bare no-dsa are will-not-fix;
 * - open otherwise: affected, introduced 0 and no fix.
 */
export function trackerStatus(r: Release): { status: DistroStatus; fixed?: string } {
  if (r.status === "resolved") {
    if (r.fixed_version === undefined || r.fixed_version === "0") return { status: "not-affected" };
    return { status: "fixed", fixed: r.fixed_version };
  }
  if (r.urgency === "end-of-life") return { status: "end-of-life" };
  if (r.nodsa !== undefined || r.nodsa_reason !== undefined) {
    return { status: r.nodsa_reason === "postponed" ? "affected" : "will-not-fix" };
  }
  return { status: "affected" };
}

function releaseAffected(pkg: string, codename: string, r: Release): Affected | undefined {
  const ecosystem = debianEcosystem(codename);
  if (ecosystem === undefined) return undefined;
  const { status, fixed } = trackerStatus(r);
  const a: Affected = { package: { ecosystem, name: pkg }, distroStatus: status };
  if (status !== "not-affected") {
    a.ranges = [
      {
        type: "ECOSYSTEM",
        events: fixed === undefined ? [{ introduced: "0" }] : [{ introduced: "0" }, { fixed }],
      },
    ];
  }
  const urgency = cleanUrgency(r.urgency);
  if (urgency !== undefined && urgency !== "end-of-life") a.distroUrgency = urgency;
  const specific: Record<string, unknown> = {};
  if (r.nodsa !== undefined) specific["nodsa"] = r.nodsa;
  if (r.nodsa_reason !== undefined) specific["nodsa_reason"] = r.nodsa_reason;
  if (r.repositories !== undefined) specific["repositories"] = r.repositories;
  if (Object.keys(specific).length > 0) a.ecosystem_specific = specific;
  return a;
}

/**
 * Reads the Debian security tracker JSON (`{srcpkg: {CVE: {scope, debianbug, description, releases}}}`)
 * one source package at a time. Yields one advisory per (CVE, source package), id `DEBIAN-<CVE>`,
 * alias and upstream the CVE; the store merges the affected lists of records with the same id.
 * Releases without an OSV release number (sid, experimental) are left out. Counts (package, CVE) entries.
 */
export async function* readDebianTracker(path: string, label: string): AsyncGenerator<FeedItem, FeedSummary> {
  const modified = await fileTime(path);
  let count = 0;
  let skippedCount = 0;
  for await (const { key: pkg, value } of jsonObjectMembers(path, label)) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      skippedCount++;
      yield skipped(label, pkg, "source package entry is not an object of CVE records");
      continue;
    }
    for (const [cve, raw] of Object.entries(value)) {
      count++;
      const parsed = issueSchema.safeParse(raw);
      if (!parsed.success) {
        skippedCount++;
        yield skipped(label, `${pkg} ${cve}`, firstIssue(parsed.error));
        continue;
      }
      const issue = parsed.data;
      const affected: Affected[] = [];
      for (const [codename, r] of Object.entries(issue.releases)) {
        const a = releaseAffected(pkg, codename, r);
        if (a !== undefined) affected.push(a);
      }
      const adv: Advisory = {
        id: `DEBIAN-${cve}`,
        modified,
        aliases: cve.startsWith("CVE-") ? [cve] : [],
        affected,
        references: [{ type: "WEB", url: `https://security-tracker.debian.org/tracker/${cve}` }],
        feed: label,
      };
      if (cve.startsWith("CVE-")) adv.upstream = [cve];
      if (issue.description !== undefined) adv.details = issue.description;
      const specific: Record<string, unknown> = {};
      if (issue.scope !== undefined) specific["scope"] = issue.scope;
      if (issue.debianbug !== undefined) specific["debianbug"] = issue.debianbug;
      if (Object.keys(specific).length > 0) adv.database_specific = specific;
      yield { kind: "advisory", advisory: adv };
    }
  }
  return {
    feed: "debian-tracker",
    label,
    unit: "package CVE entries",
    count,
    skipped: skippedCount,
    date: modified,
  };
}
