import { knownEcosystems } from "../versions/index.js";

/**
 * The feeds `vigil db update` downloads, each with its place in the feed layout (the layout of a
 * `vigil db import` directory, of the download cache `<db>.feeds/`, and of a mirror):
 *
 * | feed | layout path | publisher URL |
 * | --- | --- | --- |
 * | osv:<Eco> | osv/<Eco>/all.zip | https://osv-vulnerabilities.storage.googleapis.com/<Eco>/all.zip |
 * | debian-tracker | debian/tracker-json-sample/json | https://security-tracker.debian.org/tracker/data/json |
 * | debian-dsa, debian-dla | debian/security-tracker-data/{DSA,DLA}/list | salsa.debian.org security-tracker data/{DSA,DLA}/list |
 * | alpine-secdb:v3.N/{main,community} | alpine-secdb/v3.N/{main,community}.json | https://secdb.alpinelinux.org/v3.N/{main,community}.json |
 * | wolfi-secdb, chainguard-secdb | wolfi/security.json, chainguard/security.json | packages.wolfi.dev, packages.cgr.dev |
 * | cisa-kev | cisa-kev/known_exploited_vulnerabilities.json | www.cisa.gov feeds |
 * | epss | epss/epss_scores-current.csv.gz | https://epss.empiricalsecurity.com/epss_scores-current.csv.gz |
 * | nvd | nvd/… (API 2.0 response pages) | https://services.nvd.nist.gov/rest/json/cves/2.0, paged, lastModStartDate when incremental |
 * | cve-v5 | cve-v5/vulnrichment-develop.zip (on a mirror: the newest cve-v5/vulnrichment-*.zip) | GitHub branch archive of cisagov/vulnrichment |
 * | endoflife | endoflife/products/<p>.md, endoflife/release-data/releases/<p>.json | raw.githubusercontent.com endoflife-date |
 * | nodejs-security-wg | nodejs-security-wg/vuln/{npm,core,deps}/*.json | raw.githubusercontent.com nodejs/security-wg (listed by the GitHub contents API) |
 * | rubysec, friendsofphp | rubysec/ruby-advisory-db-master.zip, friendsofphp/security-advisories-master.zip | GitHub branch archives |
 *
 * A mirror (`--mirror <url|dir>`) serves every file at `<mirror>/<layout path>`. Directory-shaped feeds
 * (nvd, endoflife, nodejs-security-wg) have no fixed file list, so an HTTP mirror also serves
 * `<mirror>/vigil-mirror-index.txt`: every file path of the mirror, relative to its root, one per line
 * (`cd /srv/feeds && find . -type f ! -name vigil-mirror-index.txt -printf '%P\n' | sort > vigil-mirror-index.txt`),
 * or, without one, HTML directory listings (the autoindex pages of nginx, Apache, `python3 -m http.server`).
 * A directory mirror needs no index: it is listed directly.
 */
export type FeedSource =
  /** One file at a fixed path. */
  | {
      name: string;
      group: string;
      kind: "file";
      path: string;
      url: string;
      /**
       * On a mirror that does not serve `path` (a "current" alias the publisher has but a copy of its
       * files may not), the newest file of the same directory whose name matches: e.g. the newest dated
       * `epss_scores-YYYY-MM-DD.csv.gz`.
       */
      newestOnMirror?: RegExp;
    }
  /** A directory of files, listed upstream by `list` (GitHub contents API or a known list) and on a mirror by its index. */
  | { name: string; group: string; kind: "listed"; dir: string; list: UpstreamList }
  /** NVD CVE API 2.0, paged; on a mirror, the response pages under `dir`. */
  | { name: string; group: string; kind: "nvd"; dir: string; url: string };

/** How a directory-shaped feed's files are found upstream. */
export type UpstreamList =
  /** A fixed list of files (layout path, URL). */
  | { type: "files"; files: { path: string; url: string }[] }
  /** GitHub's contents API for a folder: each JSON file's download_url, stored at `<dir>/<name>`. */
  | { type: "github-contents"; folders: { api: string; dir: string }[] };

/** The file a mirror serves to list itself (see above). */
export const MIRROR_INDEX = "vigil-mirror-index.txt";

const OSV_BUCKET = "https://osv-vulnerabilities.storage.googleapis.com";

/** endoflife.date products Vigil reports end-of-life findings for (operating systems and runtimes). */
export const EOL_PRODUCTS = [
  "alpine-linux",
  "amazon-linux",
  "debian",
  "ubuntu",
  "rhel",
  "nodejs",
  "python",
  "go",
  "eclipse-temurin",
  "amazon-corretto",
  "oracle-jdk",
  "microsoft-build-of-openjdk",
  "red-hat-build-of-openjdk",
  "azul-zulu",
  "openjdk-builds-from-oracle",
  "php",
  "ruby",
  "dotnet",
] as const;

/** Alpine releases whose secdb is fetched (secdb.alpinelinux.org serves v3.2 onwards). */
const ALPINE_RELEASES = Array.from({ length: 20 }, (_, i) => `v3.${i + 3}`);

/** Ecosystems with no OSV export of their own (the generic or vendor-only ones). */
const NOT_IN_OSV_BUCKET = new Set(["Generic", "Amazon Linux", "Oracle Linux"]);

/** Every feed `vigil db update` knows, with the publishers' URLs. */
export function defaultSources(): FeedSource[] {
  const sources: FeedSource[] = [];
  for (const [eco] of knownEcosystems()) {
    if (NOT_IN_OSV_BUCKET.has(eco)) continue;
    sources.push({
      name: `osv:${eco}`,
      group: "osv",
      kind: "file",
      path: `osv/${eco}/all.zip`,
      url: `${OSV_BUCKET}/${encodeURIComponent(eco)}/all.zip`,
    });
  }
  sources.push(
    {
      name: "debian-tracker",
      group: "debian-tracker",
      kind: "file",
      path: "debian/tracker-json-sample/json",
      url: "https://security-tracker.debian.org/tracker/data/json",
    },
    ...(["DSA", "DLA"] as const).map(
      (kind): FeedSource => ({
        name: `debian-${kind.toLowerCase()}`,
        group: `debian-${kind.toLowerCase()}`,
        kind: "file",
        path: `debian/security-tracker-data/${kind}/list`,
        url: `https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/${kind}/list`,
      }),
    ),
  );
  for (const release of ALPINE_RELEASES) {
    for (const repo of ["main", "community"]) {
      sources.push({
        name: `alpine-secdb:${release}/${repo}`,
        group: "alpine-secdb",
        kind: "file",
        path: `alpine-secdb/${release}/${repo}.json`,
        url: `https://secdb.alpinelinux.org/${release}/${repo}.json`,
      });
    }
  }
  sources.push(
    {
      name: "wolfi-secdb",
      group: "wolfi-secdb",
      kind: "file",
      path: "wolfi/security.json",
      url: "https://packages.wolfi.dev/os/security.json",
    },
    {
      name: "chainguard-secdb",
      group: "chainguard-secdb",
      kind: "file",
      path: "chainguard/security.json",
      url: "https://packages.cgr.dev/chainguard/security.json",
    },
    {
      name: "cisa-kev",
      group: "cisa-kev",
      kind: "file",
      path: "cisa-kev/known_exploited_vulnerabilities.json",
      url: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
    },
    {
      name: "epss",
      group: "epss",
      kind: "file",
      path: "epss/epss_scores-current.csv.gz",
      url: "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
      newestOnMirror: /^epss_scores-\d{4}-\d{2}-\d{2}\.csv\.gz$/,
    },
    {
      name: "nvd",
      group: "nvd",
      kind: "nvd",
      dir: "nvd",
      url: "https://services.nvd.nist.gov/rest/json/cves/2.0",
    },
    {
      // CVE JSON 5 records with CISA-ADP enrichment (CVSS where the CNA gave none, SSVC, KEV): the CVSS
      // source for CVEs NVD has not scored yet.
      name: "cve-v5",
      group: "cve-v5",
      kind: "file",
      path: "cve-v5/vulnrichment-develop.zip",
      url: "https://github.com/cisagov/vulnrichment/archive/refs/heads/develop.zip",
      newestOnMirror: /^vulnrichment-.*\.zip$/,
    },
    {
      name: "endoflife",
      group: "endoflife",
      kind: "listed",
      dir: "endoflife",
      list: {
        type: "files",
        files: EOL_PRODUCTS.flatMap((p) => [
          {
            path: `endoflife/products/${p}.md`,
            url: `https://raw.githubusercontent.com/endoflife-date/endoflife.date/master/products/${p}.md`,
          },
          {
            path: `endoflife/release-data/releases/${p}.json`,
            url: `https://raw.githubusercontent.com/endoflife-date/release-data/main/releases/${p}.json`,
          },
        ]),
      },
    },
    {
      name: "nodejs-security-wg",
      group: "nodejs-security-wg",
      kind: "listed",
      dir: "nodejs-security-wg",
      list: {
        type: "github-contents",
        folders: ["npm", "core", "deps"].map((f) => ({
          api: `https://api.github.com/repos/nodejs/security-wg/contents/vuln/${f}?ref=main`,
          dir: `nodejs-security-wg/vuln/${f}`,
        })),
      },
    },
    {
      name: "rubysec",
      group: "rubysec",
      kind: "file",
      path: "rubysec/ruby-advisory-db-master.zip",
      url: "https://github.com/rubysec/ruby-advisory-db/archive/refs/heads/master.zip",
    },
    {
      name: "friendsofphp",
      group: "friendsofphp",
      kind: "file",
      path: "friendsofphp/security-advisories-master.zip",
      url: "https://github.com/FriendsOfPHP/security-advisories/archive/refs/heads/master.zip",
    },
  );
  return sources;
}

/**
 * The sources chosen by `--feeds a,b`: each name selects a feed by its name ("osv:PyPI", "cisa-kev")
 * or a whole group ("osv", "alpine-secdb").
 * @returns the selection and the names that matched nothing
 */
export function selectSources(
  sources: readonly FeedSource[],
  names: readonly string[] | undefined,
): { selected: FeedSource[]; unknown: string[] } {
  if (names === undefined || names.length === 0) return { selected: [...sources], unknown: [] };
  const wanted = new Set(names);
  const selected = sources.filter((s) => wanted.has(s.name) || wanted.has(s.group));
  const unknown = names.filter((n) => !sources.some((s) => s.name === n || s.group === n));
  return { selected, unknown };
}
