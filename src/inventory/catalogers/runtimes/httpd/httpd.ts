import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { BINARY_MAX_SIZE, baseName, isExecutable, parentName, runtimeAt, scanBinary } from "../runtime.js";

/**
 * Apache HTTP Server executables (`usr/sbin/apache2` on Debian/Ubuntu, `usr/sbin/httpd` on RHEL,
 * `usr/local/apache2/bin/httpd` in the official image): the server banner compiled in, "Apache/2.4.62".
 */
export const httpdCataloger: Cataloger = {
  name: "apache-httpd-binary",
  maxFileSize: BINARY_MAX_SIZE,
  wants(file: FileInfo): boolean {
    const base = baseName(file.path);
    const dir = parentName(file.path);
    return (
      (base === "apache2" || base === "httpd") && (dir === "sbin" || dir === "bin") && isExecutable(file.mode)
    );
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const version = scanBinary(await file.read(), "Apache/", /^Apache\/(\d+\.\d+\.\d+)/, 24);
    return version ? { runtimes: [runtimeAt(file, "apache-http-server", version)] } : {};
  },
};
