import { InputError } from "../../../../errors.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { runtimeAt } from "../runtime.js";

/** The VERSION file at the root of a Go toolchain: usr/local/go, Debian's usr/lib/go-1.19, a GOROOT. */
const VERSION_FILE = /(^|\/)(go|go-\d+\.\d+|goroot)\/VERSION$/;

/**
 * Go toolchains from their VERSION file ("go1.22.5", followed by a "time ..." line since Go 1.21).
 * Binaries built with Go are the other engineer's cataloger (Go build info); this is the toolchain itself.
 */
export const goToolchainCataloger: Cataloger = {
  name: "go-toolchain",
  wants(file: FileInfo): boolean {
    return VERSION_FILE.test(file.path);
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const first = (await file.text()).split("\n")[0]?.trim() ?? "";
    const m = /^go(\d+(?:\.\d+){1,2}(?:(?:rc|beta)\d+)?)$/.exec(first);
    if (!m) {
      throw new InputError(
        `${file.path} line 1`,
        `expected a Go version such as "go1.22.5", got ${JSON.stringify(first.slice(0, 40))}`,
      );
    }
    return { runtimes: [runtimeAt(file, "go", m[1]!)] };
  },
};
