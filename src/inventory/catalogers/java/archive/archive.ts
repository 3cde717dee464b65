import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { mavenPackage } from "../maven.js";
import {
  coordinatesFromManifest,
  coordinatesFromPomProperties,
  parseManifest,
  parseProperties,
} from "./metadata.js";
import { readZip, ZipFormatError } from "./zip.js";

/** Java archive extensions: plain jars, web and enterprise archives, Jenkins plugins, JBoss/Karaf archives. */
const ARCHIVE = /\.(jar|war|ear|jpi|hpi|sar|par|kar|rar)$/i;
const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const MANIFEST = "META-INF/MANIFEST.MF";
/** How deep archives nest (jar in war in ear is 2). */
const MAX_DEPTH = 4;
/** Most uncompressed bytes read out of one top-level archive, nested archives included. */
const READ_BUDGET = 512 * 1024 * 1024;
const NAME = "java-archive";

interface Budget {
  left: number;
}

/**
 * Packages of one archive and, recursively, of the archives inside it. Each pom.properties is a package;
 * an archive without any falls back to its manifest and file name (metadata.coordinates says so).
 * Nested archives are located as "outer.war!/WEB-INF/lib/inner.jar".
 */
async function catalogArchive(
  buf: Buffer,
  location: string,
  depth: number,
  budget: Budget,
): Promise<Package[]> {
  const wanted = (name: string): boolean =>
    name === MANIFEST || POM_PROPERTIES.test(name) || (depth < MAX_DEPTH && ARCHIVE.test(name));
  let zip: Awaited<ReturnType<typeof readZip>>;
  try {
    zip = await readZip(buf, wanted, budget.left);
  } catch (e) {
    if (!(e instanceof ZipFormatError)) throw e;
    throw new InputError(location, `not a readable Java archive (zip): ${e.message}`, { cause: e });
  }
  for (const content of zip.files.values()) budget.left -= content.length;

  const packages: Package[] = [];
  for (const [name, content] of zip.files) {
    if (!POM_PROPERTIES.test(name)) continue;
    const c = coordinatesFromPomProperties(parseProperties(content.toString("utf8")));
    if (c) packages.push(mavenPackage(c, location, NAME, { metadata: { pomProperties: name } }));
  }
  if (packages.length === 0) {
    const manifest = zip.files.get(MANIFEST);
    const c = coordinatesFromManifest(parseManifest(manifest?.toString("utf8") ?? ""), location);
    if (c) {
      const { from, ...coordinates } = c;
      packages.push(
        mavenPackage(coordinates, location, NAME, { metadata: { coordinates: `guessed from the ${from}` } }),
      );
    }
  }
  for (const [name, content] of zip.files) {
    if (!ARCHIVE.test(name)) continue;
    packages.push(...(await catalogArchive(content, `${location}!/${name}`, depth + 1, budget)));
  }
  return packages;
}

/**
 * Java archives (JAR, WAR, EAR and kin), nested archives included: META-INF/maven/<g>/<a>/pom.properties,
 * else MANIFEST.MF and the file name. Ecosystem Maven, name "groupId:artifactId".
 */
export const javaArchiveCataloger: Cataloger = {
  name: NAME,
  maxFileSize: READ_BUDGET,
  wants(file: FileInfo): boolean {
    return ARCHIVE.test(file.path);
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    return { packages: await catalogArchive(await file.read(), file.path, 0, { left: READ_BUDGET }) };
  },
};
