/** Tiny, real catalogers for engine tests (the production ones live in catalogers/). */
import type { Cataloger } from "../cataloger.js";

/** Counts the stanzas of var/lib/dpkg/status: one "package" named "dpkg-stanzas" whose version is the count. */
export const stanzaCounter: Cataloger = {
  name: "stanza-counter",
  wants: (f) => f.path === "var/lib/dpkg/status",
  async catalog(file, ctx) {
    const text = await file.text();
    const count = text.split(/\n\n+/).filter((s) => s.trim() !== "").length;
    return {
      packages: [
        {
          name: "dpkg-stanzas",
          version: String(count),
          ecosystem: ctx.os?.ecosystem ?? "none",
          purl: `pkg:generic/dpkg-stanzas@${count}`,
          locations: [],
          foundBy: "",
        },
      ],
    };
  },
};

/** Reports every file it is given under `prefix` as a package named by its path, content as version. */
export function fileLister(prefix: string, name = `files:${prefix}`): Cataloger {
  return {
    name,
    wants: (f) => f.path.startsWith(prefix),
    async catalog(file) {
      const text = (await file.text()).trim();
      return {
        packages: [
          {
            name: file.path,
            version: text,
            ecosystem: "none",
            purl: "pkg:generic/x@0",
            locations: [],
            foundBy: "",
          },
        ],
      };
    },
  };
}

/** Throws on every file it wants (to check that one bad file does not stop a scan). */
export const alwaysThrows: Cataloger = {
  name: "always-throws",
  wants: (f) => f.path === "etc/debian_version",
  async catalog(file) {
    throw new Error(`cannot parse ${file.path}`);
  },
};

/** Needs a sibling: reads var/lib/dpkg/info/<pkg>.list for base-files via ctx.sibling. */
export const siblingReader: Cataloger = {
  name: "sibling-reader",
  wants: (f) => f.path === "var/lib/dpkg/info/base-files.list",
  async catalog(_file, ctx) {
    const md5 = ctx.sibling("var/lib/dpkg/info/base-files.md5sums");
    const status = ctx.sibling("/var/lib/dpkg/status");
    return {
      packages: [
        {
          name: "sibling",
          version: `${md5 === undefined ? "no-md5" : "md5"}+${status === undefined ? "no-status" : (await status.text()).length}`,
          ecosystem: "none",
          purl: "pkg:generic/sibling@0",
          locations: [],
          foundBy: "",
        },
      ],
    };
  },
};
