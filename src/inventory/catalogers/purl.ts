import { PackageURL } from "packageurl-js";
import { errorMessage, InputError } from "../../errors.js";
import type { OsRelease } from "../../model/inventory.js";

/** Qualifiers of a package URL; undefined values are left out. */
export type PurlQualifiers = Record<string, string | undefined>;

/**
 * Percent-encodes a purl version the way the purl spec and the common scanners (syft, osv-scalibr) do:
 * everything but unreserved characters and ":" (Debian epochs stay readable), so "+" becomes "%2B".
 */
function encodeVersion(version: string): string {
  return encodeURIComponent(version).replaceAll("%3A", ":");
}

/**
 * Builds a package URL string. packageurl-js does the type-specific normalisation and the encoding of
 * namespace, name and qualifiers; the version is encoded here because packageurl-js leaves "+" as is.
 */
export function purl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string,
  qualifiers: PurlQualifiers = {},
): string {
  const present: Record<string, string> = {};
  for (const [k, v] of Object.entries(qualifiers)) if (v !== undefined && v !== "") present[k] = v;
  let withoutVersion: string;
  try {
    withoutVersion = new PackageURL(
      type,
      namespace,
      name,
      undefined,
      Object.keys(present).length > 0 ? present : undefined,
      undefined,
    ).toString();
  } catch (e) {
    // packageurl-js refuses empty or malformed names and namespaces with a bare Error: the file named a
    // package Vigil cannot identify, which the engine records as a problem of that file.
    throw new InputError(
      `${type} package ${JSON.stringify(namespace === undefined ? name : `${namespace}/${name}`)}@${JSON.stringify(version)}`,
      `not a valid package name for a package URL (${errorMessage(e)}); fix the name in the file`,
    );
  }
  let encodedVersion: string;
  try {
    encodedVersion = encodeVersion(version);
  } catch {
    // encodeURIComponent refuses lone surrogates (URIError): the version text is not well-formed Unicode.
    throw new InputError(
      `${type} package ${JSON.stringify(name)}@${JSON.stringify(version)}`,
      "the version is not well-formed Unicode text; fix the version in the file",
    );
  }
  const q = withoutVersion.indexOf("?");
  const head = q === -1 ? withoutVersion : withoutVersion.slice(0, q);
  const tail = q === -1 ? "" : withoutVersion.slice(q);
  return `${head}@${encodedVersion}${tail}`;
}

/** The `distro` qualifier for OS packages: "debian-12", "alpine-3.20.1"; undefined when the OS is unknown. */
export function distroQualifier(os: OsRelease | undefined): string | undefined {
  if (!os) return undefined;
  return os.versionId ? `${os.id}-${os.versionId}` : os.id;
}

/** `pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12` (epoch kept in the version, as dpkg writes it). */
export function debPurl(
  os: OsRelease | undefined,
  name: string,
  version: string,
  arch: string | undefined,
): string {
  return purl("deb", os?.id ?? "debian", name, version, { arch, distro: distroQualifier(os) });
}

/** `pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.1`. */
export function apkPurl(
  os: OsRelease | undefined,
  name: string,
  version: string,
  arch: string | undefined,
): string {
  return purl("apk", os?.id ?? "alpine", name, version, { arch, distro: distroQualifier(os) });
}

/** `pkg:rpm/redhat/bash@5.1.8-9.el9?arch=x86_64&epoch=1&distro=rhel-9.4`: version-release, epoch as a qualifier. */
export function rpmPurl(
  os: OsRelease | undefined,
  name: string,
  versionRelease: string,
  epoch: number | undefined,
  arch: string | undefined,
): string {
  return purl("rpm", rpmNamespace(os), name, versionRelease, {
    arch,
    epoch: epoch === undefined ? undefined : String(epoch),
    distro: distroQualifier(os),
  });
}

/** The purl namespace of an RPM distribution: its vendor name as purl users spell it. */
function rpmNamespace(os: OsRelease | undefined): string {
  switch (os?.id) {
    case undefined:
    case "rhel":
    case "centos":
      return "redhat";
    case "sles":
    case "opensuse-leap":
    case "opensuse-tumbleweed":
      return "opensuse";
    case "amzn":
      return "amazon";
    case "ol":
      return "oracle";
    default:
      return os?.id ?? "redhat";
  }
}

/** `pkg:npm/%40scope/name@1.0.0`: a scoped name goes into the namespace. */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith("@") ? name.indexOf("/") : -1;
  if (slash > 0) return purl("npm", name.slice(0, slash), name.slice(slash + 1), version);
  return purl("npm", undefined, name, version);
}

/** PEP 503 normalised project name: lower case, runs of "-", "_" and "." become one "-". */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/** `pkg:pypi/zope-interface@5.4.0` with the PEP 503 normalised name. */
export function pypiPurl(name: string, version: string): string {
  return purl("pypi", undefined, normalizePypiName(name), version);
}
