import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { parentName, runtimeAt } from "../runtime.js";

/** The `release` file at the top of a JDK or JRE image, in a folder whose name says Java. */
const RELEASE =
  /(^|\/)[^/]*(jdk|jre|java|jvm|corretto|temurin|zulu|liberica|sapmachine|openj9)[^/]*\/release$/i;

/**
 * Vendor (the release file's IMPLEMENTOR) -> endoflife.date product. Builds whose vendor has no product
 * of its own there (distribution builds: "Debian", "Ubuntu"...) are reported as "openjdk".
 */
function productOf(fields: Map<string, string>): string {
  const implementor = fields.get("IMPLEMENTOR") ?? "";
  if (/adoptium|adoptopenjdk/i.test(implementor)) return "eclipse-temurin";
  if (/amazon/i.test(implementor)) return "amazon-corretto";
  if (/azul/i.test(implementor)) return "azul-zulu";
  if (/microsoft/i.test(implementor)) return "microsoft-build-of-openjdk";
  if (/red hat/i.test(implementor)) return "red-hat-build-of-openjdk";
  if (/bellsoft/i.test(implementor)) return "bellsoft-liberica";
  if (/^sap/i.test(implementor)) return "sapmachine";
  if (/oracle/i.test(implementor)) {
    return fields.get("BUILD_TYPE") === "commercial" ? "oracle-jdk" : "openjdk-builds-from-oracle";
  }
  return "openjdk";
}

/** KEY="value" lines of a release file. */
function readRelease(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)="?(.*?)"?\s*$/.exec(line);
    if (m) fields.set(m[1]!, m[2]!);
  }
  return fields;
}

/**
 * Java runtimes (OpenJDK, Temurin, Corretto, Zulu...) from the `release` file every JDK/JRE image since
 * Java 9 (and most Java 8 builds) carries: JAVA_VERSION and IMPLEMENTOR. A file named release without
 * JAVA_VERSION is not a Java image and is not reported.
 */
export const javaCataloger: Cataloger = {
  name: "java-release",
  wants(file: FileInfo): boolean {
    return RELEASE.test(file.path) && parentName(file.path) !== "";
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const fields = readRelease(await file.text());
    const version = fields.get("JAVA_VERSION");
    if (!version) return {};
    return { runtimes: [runtimeAt(file, productOf(fields), version)] };
  },
};
