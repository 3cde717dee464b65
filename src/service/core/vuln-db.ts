import { statSync } from "node:fs";
import { openVulnDb, type VulnDb } from "../../intel/index.js";

/**
 * The vulnerability database the service matches against, reopened when `vigil db update` swaps a new
 * file in (detected by inode and mtime on each use). Evaluation is synchronous, so closing the old
 * handle on a swap never pulls it from under a running match.
 */
export class VulnDbSource {
  readonly path: string;
  #db: VulnDb | undefined;
  #stamp = "";

  constructor(path: string) {
    this.path = path;
  }

  /**
   * The current database.
   * @throws VigilError (DB_MISSING, DB_INVALID, DB_SCHEMA) when there is no usable database at the path
   */
  current(): VulnDb {
    let stamp = "";
    try {
      const st = statSync(this.path);
      stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      // openVulnDb below reports the missing file.
    }
    if (this.#db === undefined || stamp !== this.#stamp) {
      const next = openVulnDb(this.path);
      this.#db?.close();
      this.#db = next;
      this.#stamp = stamp;
    }
    return this.#db;
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }
}
