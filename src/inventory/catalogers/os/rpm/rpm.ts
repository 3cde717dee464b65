import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { errorMessage, InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { CatalogContext, Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { rpmPurl } from "../../purl.js";
import { BdbFormatError, readBdbHashValues } from "./bdb.js";
import { HeaderFormatError, parseHeader, TAG } from "./header.js";

/** RHEL 9 / Fedora 33+ keep it in var/lib/rpm; Fedora 36+ and openSUSE in usr/lib/sysimage/rpm. */
const SQLITE_DB = /(^|\/)(var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/rpmdb\.sqlite$/;
const SQLITE_WAL = /(^|\/)(var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/rpmdb\.sqlite-wal$/;
/** The Berkeley DB database of rpm before 4.16 (RHEL/CentOS 7 and 8, Amazon Linux 2). */
const BDB = /(^|\/)(var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/Packages$/;

/** "openssl-3.0.7-27.el9.src.rpm" -> name "openssl", version "3.0.7", release "27.el9". */
export function parseSourceRpm(srpm: string): { name: string; version: string; release: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(srpm);
  return m ? { name: m[1]!, version: m[2]!, release: m[3]! } : undefined;
}

/** One package header of the database, and how to name it in an error. */
interface HeaderBlob {
  where: string;
  blob: Buffer;
}

/** Reads the header blobs of a Berkeley DB Packages file; the 4-byte value under key 0 is rpm's counter, not a header. */
function readBdbBlobs(file: CatalogFile, bytes: Buffer): HeaderBlob[] {
  try {
    return readBdbHashValues(bytes)
      .filter((v) => v.value.length > 8)
      .map((v, i) => ({ where: `${file.path} record ${i + 1} (page ${v.page})`, blob: v.value }));
  } catch (e) {
    if (e instanceof BdbFormatError) throw new InputError(file.path, e.message, { cause: e });
    throw e;
  }
}

/** Reads the header blobs of an rpmdb.sqlite held in memory, through a private temporary copy. */
function readSqliteBlobs(file: CatalogFile, bytes: Buffer, wal: Buffer | undefined): HeaderBlob[] {
  const dir = mkdtempSync(join(tmpdir(), "vigil-rpmdb-"));
  try {
    const path = join(dir, "rpmdb.sqlite");
    writeFileSync(path, bytes);
    if (wal) writeFileSync(`${path}-wal`, wal);
    let db: Database.Database;
    try {
      // Not read-only: SQLite needs to write the -shm index of a WAL database; this copy is ours.
      db = new Database(path, { fileMustExist: true });
    } catch (e) {
      throw new InputError(file.path, `not an SQLite database (${errorMessage(e)})`, { cause: e });
    }
    try {
      const rows = db.prepare("SELECT hnum, blob FROM Packages ORDER BY hnum").all() as {
        hnum: number;
        blob: Buffer;
      }[];
      return rows.map((r) => {
        // A damaged database can hold NULL or a non-blob in the column: a bad record, not a crash.
        if (!Buffer.isBuffer(r.blob)) {
          throw new InputError(`${file.path} record ${r.hnum}`, "the Packages row holds no header blob");
        }
        return { where: `${file.path} record ${r.hnum}`, blob: r.blob };
      });
    } catch (e) {
      throw new InputError(
        file.path,
        `no readable Packages table, is this an rpm database? (${errorMessage(e)})`,
        {
          cause: e,
        },
      );
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Installed RPM packages (RHEL, Fedora, Rocky, Alma, Amazon Linux, SUSE...) from rpm's SQLite database.
 * Each header gives NAME, EPOCH, VERSION, RELEASE, ARCH, LICENSE and SOURCERPM (the source package
 * advisories name). The version is rpm's EVR, "epoch:version-release" with the epoch only when set.
 * Both rpm's SQLite database (rpm 4.16+: RHEL 9, Fedora 33+) and its older Berkeley DB hash database
 * (`Packages`: RHEL/CentOS 7 and 8, Amazon Linux 2) are read; the NDB backend (`Packages.db`, SUSE) is not.
 * gpg-pubkey entries are imported signing keys, not software, and are skipped.
 */
export const rpmCataloger: Cataloger = {
  name: "rpm",
  wants(file: FileInfo): boolean {
    return SQLITE_DB.test(file.path) || SQLITE_WAL.test(file.path) || BDB.test(file.path);
  },
  async catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> {
    if (SQLITE_WAL.test(file.path)) return {}; // read together with its database, as a sibling
    const blobs = BDB.test(file.path)
      ? readBdbBlobs(file, await file.read())
      : readSqliteBlobs(file, await file.read(), await ctx.sibling(`${file.path}-wal`)?.read());
    const packages: Package[] = [];
    for (const { where, blob } of blobs) {
      let header: ReturnType<typeof parseHeader>;
      try {
        header = parseHeader(blob);
      } catch (e) {
        if (e instanceof HeaderFormatError) throw new InputError(where, e.message, { cause: e });
        throw e;
      }
      const str = (tag: number) => {
        const v = header.get(tag);
        return typeof v === "string" ? v : undefined;
      };
      const name = str(TAG.NAME);
      const version = str(TAG.VERSION);
      const release = str(TAG.RELEASE);
      if (!name || !version) {
        throw new InputError(where, "header has no NAME or VERSION tag");
      }
      if (name === "gpg-pubkey") continue;
      const epochValue = header.get(TAG.EPOCH);
      const epoch = typeof epochValue === "number" ? epochValue : undefined;
      const vr = release ? `${version}-${release}` : version;
      const evr = epoch === undefined ? vr : `${epoch}:${vr}`;
      const arch = str(TAG.ARCH);
      const srpm = str(TAG.SOURCERPM);
      const parsed = srpm ? parseSourceRpm(srpm) : undefined;
      const sourceVr = parsed ? `${parsed.version}-${parsed.release}` : vr;
      const license = str(TAG.LICENSE);
      const metadata: Record<string, string> = {};
      if (arch) metadata["architecture"] = arch;
      if (srpm) metadata["sourceRpm"] = srpm;
      const vendor = str(TAG.VENDOR);
      if (vendor) metadata["vendor"] = vendor;
      packages.push({
        name,
        version: evr,
        ecosystem: ctx.os?.ecosystem ?? "Red Hat",
        purl: rpmPurl(ctx.os, name, vr, epoch, arch),
        source: {
          name: parsed?.name ?? name,
          version: epoch === undefined ? sourceVr : `${epoch}:${sourceVr}`,
        },
        locations: [file.path],
        ...(file.layer ? { layer: file.layer } : {}),
        ...(license ? { licenses: [license] } : {}),
        foundBy: "rpm",
        metadata,
      });
    }
    return { packages };
  },
  /** A full workstation's rpm database is 100-200 MiB; SQLite reads it from a temporary copy. */
  maxFileSize: 256 * 1024 * 1024,
};
