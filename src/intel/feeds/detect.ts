import { closeSync, openSync, readSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputError } from "../../errors.js";
import type { DetectedFeed } from "../feed.js";
import { CVE_RECORD_FILE } from "./cve-v5.js";
import { frontMatter } from "./endoflife.js";
import { osvEcosystemOfPath } from "./osv.js";
import { zipEntries } from "./zip.js";

const SNIFF_BYTES = 64 * 1024;
const MAX_DEPTH = 8;
const DEBIAN_LIST_HEADER = /^\[\d{1,2} [A-Z][a-z]{2} \d{4}\]\s+(DSA|DLA)-\d+/;
const TRACKER_JSON = /^\s*\{\s*"[^"]+"\s*:\s*\{\s*"(?:CVE|TEMP)-[^"]*"\s*:\s*\{/;

/**
 * The first bytes of a file, as text. Read synchronously: a directory of OSV records is sniffed file
 * by file, and three fs/promises calls per file cost several times the CPU of these.
 */
async function head(path: string, bytes = SNIFF_BYTES): Promise<string> {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(bytes);
    const bytesRead = readSync(fd, buf, 0, bytes, 0);
    return buf.toString("utf8", 0, bytesRead);
  } finally {
    closeSync(fd);
  }
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`"${name}"\\s*:\\s*"([^"]*)"`).exec(text)?.[1];
}

/**
 * A CVE JSON 5.x record, from its first bytes: `dataType: "CVE_RECORD"`, and `dataVersion` 5.x when it
 * is among them (vulnrichment writes it last, after the containers).
 */
function isCveRecordHead(text: string): boolean {
  if (!/"dataType"\s*:\s*"CVE_RECORD"/.test(text)) return false;
  const version = field(text, "dataVersion");
  return version === undefined || /^5\./.test(version);
}

/** What a JSON file is, from its first bytes (the Debian tracker JSON is >100 MB: never parsed here). */
function classifyJsonHead(path: string, text: string): DetectedFeed | FileKind | undefined {
  if (/"dataType"\s*:\s*"CVE_RECORD"/.test(text)) return isCveRecordHead(text) ? "cve-record" : undefined;
  if (/"catalogVersion"\s*:\s*"/.test(text) && /"vulnerabilities"\s*:\s*\[/.test(text)) {
    return { feed: "cisa-kev", label: "cisa-kev", path };
  }
  if (/"format"\s*:\s*"NVD_CVE"/.test(text)) return { feed: "nvd", label: `nvd:${basename(path)}`, path };
  if (/"secfixes"\s*:|"apkurl"\s*:/.test(text)) {
    const urlprefix = field(text, "urlprefix") ?? "";
    const reponame = field(text, "reponame") ?? "";
    if (urlprefix.includes("packages.wolfi.dev")) return { feed: "wolfi-secdb", label: "wolfi-secdb", path };
    if (urlprefix.includes("cgr.dev") || reponame === "chainguard") {
      return { feed: "chainguard-secdb", label: "chainguard-secdb", path };
    }
    const version = field(text, "distroversion");
    if (version !== undefined) {
      return {
        feed: "alpine-secdb",
        label: `alpine-secdb:${version}/${reponame || basename(path, ".json")}`,
        path,
      };
    }
    const parent = basename(dirname(path));
    if (parent === "wolfi") return { feed: "wolfi-secdb", label: "wolfi-secdb", path };
    if (parent === "chainguard") return { feed: "chainguard-secdb", label: "chainguard-secdb", path };
    return undefined;
  }
  if (TRACKER_JSON.test(text)) return { feed: "debian-tracker", label: "debian-tracker", path };
  if (/"module_name"\s*:/.test(text) && /"vulnerable_versions"\s*:/.test(text)) {
    return { feed: "nodejs-security-wg", label: "nodejs-security-wg:npm", path };
  }
  if (/"id"\s*:/.test(text) && /"modified"\s*:/.test(text)) return "osv-record";
  return undefined;
}

/**
 * What a zip archive holds, from its first entries' names (and, for a `CVE-YYYY-N.json` entry, its
 * content: OSV exports name records by id too, and some ids are CVE ids).
 */
async function classifyZip(path: string): Promise<DetectedFeed | undefined> {
  let seen = 0;
  for await (const entry of zipEntries(path, basename(path))) {
    const name = entry.name;
    if (
      CVE_RECORD_FILE.test(basename(name)) &&
      isCveRecordHead(entry.read().toString("utf8", 0, SNIFF_BYTES))
    ) {
      return { feed: "cve-v5", label: "cve-v5", path };
    }
    if (/(^|\/)(gems|rubies)\/[^/]+\/[^/]+\.ya?ml$/.test(name))
      return { feed: "rubysec", label: "rubysec", path };
    if (/^(?:[^/]+\/)?[^/.][^/]*\/[^/]+\/[^/]+\.ya?ml$/.test(name) && !name.includes("/.")) {
      return { feed: "friendsofphp", label: "friendsofphp", path };
    }
    if (!name.includes("/") && name.endsWith(".json"))
      return { feed: "osv", label: `osv:${osvEcosystemOfPath(path)}`, path };
    if (++seen >= 200) break;
  }
  return undefined;
}

/** A single record file, grouped per directory: an OSV record, or a CVE JSON 5 record. */
type FileKind = "osv-record" | "cve-record";

/** Classifies one file; a single record file is grouped per directory by the caller. */
async function classifyFile(path: string): Promise<DetectedFeed | FileKind | undefined> {
  const name = basename(path);
  if (name.endsWith(".zip")) return classifyZip(path);
  if (name.endsWith(".csv.gz") && /epss/i.test(name)) return { feed: "epss", label: "epss", path };
  if (name.endsWith(".gz") || name.endsWith(".tar") || name.endsWith(".tgz")) return undefined;
  const text = await head(path);
  if (name.endsWith(".md")) {
    const fm = frontMatter(text);
    return fm !== undefined && /^releases:/m.test(fm)
      ? { feed: "endoflife", label: "endoflife", path }
      : undefined;
  }
  const list = DEBIAN_LIST_HEADER.exec(text);
  if (list !== null) {
    return list[1] === "DSA"
      ? { feed: "debian-dsa", label: "debian-dsa", path }
      : { feed: "debian-dla", label: "debian-dla", path };
  }
  if (/^\uFEFF?\s*[{[]/.test(text)) return classifyJsonHead(path, text);
  return undefined;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function hasFile(dir: string, test: (name: string) => boolean): Promise<boolean> {
  if (!(await isDir(dir))) return false;
  return (await readdir(dir)).some(test);
}

/** A directory that is one feed as a whole (a tree), recognised by its layout. */
async function classifyTree(dir: string): Promise<DetectedFeed[] | undefined> {
  const name = basename(dir);
  const products = await hasFile(join(dir, "products"), (n) => n.endsWith(".md"));
  const releaseData = await hasFile(join(dir, "release-data", "releases"), (n) => n.endsWith(".json"));
  if (products || releaseData) return [{ feed: "endoflife", label: "endoflife", path: dir }];
  if (name === "products" && (await hasFile(dir, (n) => n.endsWith(".md")))) {
    return [{ feed: "endoflife", label: "endoflife", path: dir }];
  }
  if (name === "releases" && basename(dirname(dir)) === "release-data") {
    return [{ feed: "endoflife", label: "endoflife", path: dir }];
  }
  if (await isDir(join(dir, "gems"))) return [{ feed: "rubysec", label: "rubysec", path: dir }];
  if (await looksLikeCveTree(dir)) return [{ feed: "cve-v5", label: "cve-v5", path: dir }];
  const wg: DetectedFeed[] = [];
  for (const kind of ["npm", "core"] as const) {
    const sub = name === kind ? dir : join(dir, kind);
    if (sub !== dir && name !== "vuln") continue;
    if (await hasFile(sub, (n) => /^\d+\.json$/.test(n))) {
      wg.push({ feed: "nodejs-security-wg", label: `nodejs-security-wg:${kind}`, path: sub });
    }
  }
  if (wg.length > 0) return wg;
  if (await looksLikeFriendsOfPhp(dir)) return [{ feed: "friendsofphp", label: "friendsofphp", path: dir }];
  return undefined;
}

/**
 * `YYYY/NNxxx/CVE-YYYY-N.json` CVE JSON 5 records: a CVE List (`cves/`) or vulnrichment checkout.
 * Only the first year folder's first `NNxxx` folder with a record file is looked at.
 */
async function looksLikeCveTree(dir: string): Promise<boolean> {
  const year = (await readdir(dir, { withFileTypes: true })).find(
    (e) => e.isDirectory() && /^(19|20)\d\d$/.test(e.name),
  );
  if (year === undefined) return false;
  const yearDir = join(dir, year.name);
  for (const bucket of (await readdir(yearDir, { withFileTypes: true })).filter(
    (e) => e.isDirectory() && /^\d+xxx$/.test(e.name),
  )) {
    const record = (await readdir(join(yearDir, bucket.name))).find((n) => CVE_RECORD_FILE.test(n));
    if (record !== undefined) return isCveRecordHead(await head(join(yearDir, bucket.name, record)));
  }
  return false;
}

/** `<vendor>/<package>/<id>.yaml` files with `reference: composer://`: a FriendsOfPHP tree. */
async function looksLikeFriendsOfPhp(dir: string): Promise<boolean> {
  const vendors = (await readdir(dir, { withFileTypes: true })).filter(
    (e) => e.isDirectory() && !e.name.startsWith("."),
  );
  for (const vendor of vendors.slice(0, 3)) {
    const packages = (await readdir(join(dir, vendor.name), { withFileTypes: true })).filter((e) =>
      e.isDirectory(),
    );
    const first = packages[0];
    if (first === undefined) continue;
    const pkgDir = join(dir, vendor.name, first.name);
    const yaml = (await readdir(pkgDir)).find((n) => n.endsWith(".yaml"));
    if (yaml !== undefined && /reference:\s*'?composer:\/\//.test(await head(join(pkgDir, yaml), 4096)))
      return true;
  }
  return false;
}

async function walk(dir: string, depth: number, out: DetectedFeed[]): Promise<void> {
  const tree = await classifyTree(dir);
  if (tree !== undefined) {
    out.push(...tree);
    return;
  }
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  let osvRecords = 0;
  let cveRecords = 0;
  const before = out.length;
  let ecosystem: string | undefined;
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (depth < MAX_DEPTH) await walk(p, depth + 1, out);
      continue;
    }
    if (!e.isFile()) continue;
    const found = await classifyFile(p);
    if (found === "osv-record") {
      osvRecords++;
      ecosystem ??= field(await head(p), "ecosystem");
    } else if (found === "cve-record") {
      cveRecords++;
    } else if (found !== undefined) out.push(found);
  }
  if (osvRecords > 0) out.push({ feed: "osv", label: `osv:${ecosystem ?? basename(dir)}`, path: dir });
  if (cveRecords > 0) {
    // The cve-v5 reader reads a directory's records at any depth: the sub-folders found above are in it.
    const nested = out.splice(before).filter((f) => f.feed !== "cve-v5");
    out.push(...nested, { feed: "cve-v5", label: "cve-v5", path: dir });
  }
}

/**
 * Finds every feed under a directory, by the publishers' own layouts and by content where a path is
 * ambiguous: OSV zips (`osv/<Ecosystem>/all.zip`) and directories of OSV `.json` records, the Debian
 * tracker JSON (any file that is one), DSA/DLA `list` files, Alpine/Wolfi/Chainguard secdb JSON, NVD
 * API 2.0 pages, the CISA KEV JSON, EPSS `.csv.gz`, endoflife.date (`products/*.md` and/or
 * `release-data/releases/*.json`), Node.js security WG `vuln/{npm,core}`, RubySec and FriendsOfPHP
 * (zip or tree), CVE JSON 5 records (`cve-v5`: a zip, a `YYYY/NNxxx/` tree, a folder or one record). `path` may also be one feed file or one feed directory.
 * @throws InputError when the path does not exist, or a zip archive is unreadable or unsafe
 */
export async function detectFeeds(path: string): Promise<DetectedFeed[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (e) {
    throw new InputError(path, `cannot read the feed path: ${(e as Error).message}`, { cause: e });
  }
  if (!isDirectory) {
    const found = await classifyFile(path);
    if (found === "osv-record") {
      const text = await head(path);
      return [{ feed: "osv", label: `osv:${field(text, "ecosystem") ?? basename(dirname(path))}`, path }];
    }
    if (found === "cve-record") return [{ feed: "cve-v5", label: "cve-v5", path }];
    return found === undefined ? [] : [found];
  }
  const out: DetectedFeed[] = [];
  await walk(path, 0, out);
  return out;
}
