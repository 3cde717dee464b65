import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { BINARY_MAX_SIZE, baseName, isExecutable, parentName, runtimeAt, scanBinary } from "../runtime.js";

/**
 * Node.js executables (`usr/bin/node`, `usr/local/bin/node`, `nodejs`, nvm's `…/bin/node`). The version is
 * read from strings every release build embeds: `process.release.sourceUrl`
 * (".../release/v20.20.2/node-v20.20.2.tar.gz") and, on newer releases, fetch's user agent
 * ("node.js/v20.20.2"). An executable named node without either is not reported.
 */
export const nodejsCataloger: Cataloger = {
  name: "nodejs-binary",
  maxFileSize: BINARY_MAX_SIZE,
  wants(file: FileInfo): boolean {
    const base = baseName(file.path);
    return (
      (base === "node" || base === "nodejs") && parentName(file.path) === "bin" && isExecutable(file.mode)
    );
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const buf = await file.read();
    const version =
      scanBinary(buf, "/release/v", /^\/release\/v(\d+\.\d+\.\d+)\/node-v\1/) ??
      scanBinary(buf, "node.js/v", /^node\.js\/v(\d+\.\d+\.\d+)\0/);
    return version ? { runtimes: [runtimeAt(file, "nodejs", version)] } : {};
  },
};
