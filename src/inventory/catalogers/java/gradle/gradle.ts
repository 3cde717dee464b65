import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { mavenPackage } from "../maven.js";

const NAME = "gradle-lockfile";

/** A configuration that only tests use: testCompileClasspath, integrationTestRuntimeClasspath, testFixtures... */
function isTestConfiguration(configuration: string): boolean {
  return /^test[A-Z]|^test$|Test[A-Z]|Test$/.test(configuration);
}

/**
 * Parses a Gradle dependency lockfile (Gradle 6+ `gradle.lockfile`, one line per module:
 * `group:artifact:version=configuration,configuration`, `empty=...` for configurations without modules,
 * `#` comments). A module that only test configurations resolve is dev.
 */
export function gradleLockPackages(path: string, text: string): Package[] {
  const packages: Package[] = [];
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("empty=")) continue;
    const m = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)=(.*)$/.exec(line);
    if (!m) {
      throw new InputError(
        `${path} line ${index + 1}`,
        `expected "group:artifact:version=configurations", got ${JSON.stringify(line)}; regenerate it with \`gradle dependencies --write-locks\``,
      );
    }
    const [, groupId, artifactId, version, confs] = m as unknown as [string, string, string, string, string];
    const configurations = confs
      .split(",")
      .map((c) => c.trim())
      .filter((c) => c !== "");
    const dev = configurations.length > 0 && configurations.every(isTestConfiguration);
    packages.push(
      mavenPackage({ groupId, artifactId, version }, path, NAME, {
        dev,
        metadata: { configurations: configurations.join(",") },
      }),
    );
  }
  return packages;
}

/** Gradle lockfiles (`gradle.lockfile`, `buildscript-gradle.lockfile`): locked modules, ecosystem Maven. */
export const gradleLockfileCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 16 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    const base = file.path.slice(file.path.lastIndexOf("/") + 1);
    return base === "gradle.lockfile" || base === "buildscript-gradle.lockfile";
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    return { packages: gradleLockPackages(file.path, await file.text()) };
  },
};
