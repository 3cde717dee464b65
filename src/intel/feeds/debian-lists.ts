import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Advisory, Affected, DistroStatus } from "../../model/advisory.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { skipped } from "./common.js";
import { debianEcosystem } from "./debian-releases.js";

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};

const HEADER = /^\[(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\]\s+((?:DSA|DLA)-\d+(?:-\d+)?)\s*(.*)$/;
const IDS = /^\s+\{([^}]*)\}\s*$/;
const RELEASE = /^\s+\[([a-z-]+)\]\s+-\s+(\S+)\s+(\S+)\s*(?:\((.*)\))?\s*$/;
const NOTE = /^\s+NOTE:\s?(.*)$/;
const URGENCIES = new Set(["unimportant", "low", "medium", "high", "critical"]);

interface Pending {
  advisory: Advisory;
  notes: string[];
}

/** The urgency in a release line's "(…)" annotation: "(medium)", "(bug #123; low)", or none. */
function urgencyOf(annotation: string | undefined): string | undefined {
  if (annotation === undefined) return undefined;
  const last = annotation.split(";").pop()?.trim().toLowerCase();
  return last !== undefined && URGENCIES.has(last) ? last : undefined;
}

function statusOf(version: string): DistroStatus | undefined {
  switch (version) {
    case "<not-affected>":
      return "not-affected";
    case "<unfixed>":
      return "affected";
    case "<end-of-life>":
      return "end-of-life";
    case "<no-dsa>":
    case "<ignored>":
      return "will-not-fix";
    case "<postponed>":
      return "affected";
    default:
      return version.startsWith("<") ? undefined : "fixed";
  }
}

/**
 * The header's "pkg - description" split, with the summary naming the package as Debian titles its
 * advisories ("expat - security update" -> "expat security update"), or the whole text as the summary
 * when it has no " - ".
 */
function headerText(rest: string): { pkg?: string; summary?: string } {
  const m = /^(\S+)\s+-\s+(.*)$/.exec(rest);
  if (m !== null) {
    const pkg = m[1] as string;
    const description = (m[2] as string).trim();
    return { pkg, summary: description === "" ? pkg : `${pkg} ${description}` };
  }
  return rest.trim() === "" ? {} : { summary: rest.trim() };
}

/**
 * Reads the Debian security tracker's `data/DSA/list` or `data/DLA/list`:
 * `[DD Mon YYYY] DSA-NNNN-N pkg - description`, then tab-indented `{CVE-…}`, `[release] - srcpkg version
 * (urgency)` and `NOTE:` lines. One advisory per DSA/DLA id (aliases: the CVEs; published and modified:
 * the header date; summary: "pkg description"), one affected entry per release line (`Debian:<n>`, introduced 0 / fixed version;
 * `<not-affected>`, `<unfixed>`, `<end-of-life>` set the distro status). A line of no known form is
 * reported as skipped with its line number; release lines for releases without a number are left out.
 */
export async function* readDebianList(
  path: string,
  label: string,
  feed: "debian-dsa" | "debian-dla",
): AsyncGenerator<FeedItem, FeedSummary> {
  let count = 0;
  let skippedCount = 0;
  let newest: string | undefined;
  let current: Pending | undefined;
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const finish = (p: Pending): FeedItem => {
    if (p.notes.length > 0)
      p.advisory.database_specific = { ...p.advisory.database_specific, notes: p.notes };
    return { kind: "advisory", advisory: p.advisory };
  };
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    const header = HEADER.exec(line);
    if (header !== null) {
      if (current !== undefined) yield finish(current);
      count++;
      const [, day, mon, year, id, rest] = header as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const month = MONTHS[mon];
      const date = month === undefined ? undefined : `${year}-${month}-${day.padStart(2, "0")}T00:00:00Z`;
      const { pkg, summary } = headerText(rest);
      const adv: Advisory = {
        id,
        modified: date ?? "1970-01-01T00:00:00Z",
        aliases: [],
        affected: [],
        references: [{ type: "ADVISORY", url: `https://security-tracker.debian.org/tracker/${id}` }],
        feed: label,
      };
      if (date !== undefined) {
        adv.published = date;
        if (newest === undefined || date > newest) newest = date;
      }
      if (summary !== undefined) adv.summary = summary;
      if (pkg !== undefined) adv.database_specific = { package: pkg };
      current = { advisory: adv, notes: [] };
      continue;
    }
    if (current === undefined) {
      skippedCount++;
      yield skipped(label, `line ${lineNo}`, "text before the first advisory header");
      continue;
    }
    const ids = IDS.exec(line);
    if (ids !== null) {
      for (const token of (ids[1] as string).split(/\s+/).filter((t) => t !== "")) {
        if (/^CVE-\d{4}-\d+$/.test(token)) current.advisory.aliases.push(token);
        else current.advisory.related = [...(current.advisory.related ?? []), token];
      }
      continue;
    }
    const rel = RELEASE.exec(line);
    const status = rel === null ? undefined : statusOf(rel[3] as string);
    if (rel !== null && status !== undefined) {
      const [, codename, pkg, version, annotation] = rel as unknown as [
        string,
        string,
        string,
        string,
        string | undefined,
      ];
      const ecosystem = debianEcosystem(codename);
      if (ecosystem === undefined) continue;
      const a: Affected = { package: { ecosystem, name: pkg }, distroStatus: status };
      if (status === "fixed")
        a.ranges = [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: version }] }];
      else if (status !== "not-affected") a.ranges = [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }];
      const urgency = urgencyOf(annotation);
      if (urgency !== undefined) a.distroUrgency = urgency;
      if (annotation !== undefined && urgency === undefined) a.database_specific = { note: annotation };
      current.advisory.affected.push(a);
      continue;
    }
    const note = NOTE.exec(line);
    if (note !== null) {
      current.notes.push(note[1] as string);
      continue;
    }
    skippedCount++;
    yield skipped(
      label,
      `line ${lineNo}`,
      `line of no known form in ${current.advisory.id}: ${JSON.stringify(line.trim())}`,
    );
  }
  if (current !== undefined) yield finish(current);
  const summary: FeedSummary = { feed, label, unit: "advisories", count, skipped: skippedCount };
  if (newest !== undefined) summary.date = newest;
  return summary;
}
