import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { CatalogContext, Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { debPurl } from "../../purl.js";
import { parseControl, type Stanza } from "./control.js";

const STATUS = /(^|\/)var\/lib\/dpkg\/status$/;
const STATUS_D = /(^|\/)var\/lib\/dpkg\/status\.d\/[^/]+$/;

/** "name" or "name (version)" of a Source field. */
const SOURCE = /^(\S+)(?:\s+\((\S+)\))?$/;

function isStatusD(path: string): boolean {
  return STATUS_D.test(path) && !path.endsWith(".md5sums");
}

/**
 * Installed Debian/Ubuntu packages from dpkg's database: `var/lib/dpkg/status`, and the one-file-per-package
 * `var/lib/dpkg/status.d/*` of distroless images (whose stanzas carry no Status field: present means installed).
 * Only packages whose Status says "installed" count (held packages too); removed packages that left
 * configuration files behind ("deinstall ok config-files") and half-installed ones are not inventory.
 */
export const dpkgCataloger: Cataloger = {
  name: "dpkg",
  wants(file: FileInfo): boolean {
    return STATUS.test(file.path) || isStatusD(file.path);
  },
  async catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> {
    const distroless = isStatusD(file.path);
    const stanzas = parseControl(file.path, await file.text());
    const packages: Package[] = [];
    for (const stanza of stanzas) {
      const pkg = toPackage(file, ctx, stanza, distroless);
      if (pkg) packages.push(pkg);
    }
    return { packages };
  },
};

function required(file: CatalogFile, stanza: Stanza, field: string): string {
  const value = stanza.fields.get(field.toLowerCase());
  if (!value) {
    throw new InputError(
      `${file.path} line ${stanza.line}`,
      `stanza has no ${field} field (every dpkg status stanza needs Package and Version)`,
    );
  }
  return value;
}

function isInstalled(file: CatalogFile, stanza: Stanza, distroless: boolean): boolean {
  const status = stanza.fields.get("status");
  if (status === undefined) {
    if (distroless) return true;
    throw new InputError(`${file.path} line ${stanza.line}`, "stanza has no Status field");
  }
  const words = status.split(/\s+/);
  if (words.length !== 3) {
    throw new InputError(
      `${file.path} line ${stanza.line}`,
      `Status ${JSON.stringify(status)} is not "want flag state" (e.g. "install ok installed")`,
    );
  }
  return words[2] === "installed";
}

function toPackage(
  file: CatalogFile,
  ctx: CatalogContext,
  stanza: Stanza,
  distroless: boolean,
): Package | undefined {
  const name = required(file, stanza, "Package");
  if (!isInstalled(file, stanza, distroless)) return undefined;
  const version = required(file, stanza, "Version");
  const arch = stanza.fields.get("architecture");
  let source = { name, version };
  const sourceField = stanza.fields.get("source");
  if (sourceField) {
    const m = SOURCE.exec(sourceField);
    if (!m) {
      throw new InputError(
        `${file.path} line ${stanza.line}`,
        `Source ${JSON.stringify(sourceField)} of ${name} is not "name" or "name (version)"`,
      );
    }
    source = { name: m[1]!, version: m[2] ?? version };
  }
  const metadata: Record<string, string> = {};
  if (arch) metadata["architecture"] = arch;
  const installedSize = stanza.fields.get("installed-size");
  if (installedSize) metadata["installedSize"] = installedSize;
  const maintainer = stanza.fields.get("maintainer");
  if (maintainer) metadata["maintainer"] = maintainer;
  return {
    name,
    version,
    ecosystem: ctx.os?.ecosystem ?? (ctx.os?.id === "ubuntu" ? "Ubuntu" : "Debian"),
    purl: debPurl(ctx.os, name, version, arch),
    source,
    locations: [file.path],
    ...(file.layer ? { layer: file.layer } : {}),
    foundBy: "dpkg",
    metadata,
  };
}
