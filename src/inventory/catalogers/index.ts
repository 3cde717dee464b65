import type { Cataloger } from "../cataloger.js";
import { depsJsonCataloger } from "./dotnet/depsjson/depsjson.js";
import { packagesLockCataloger } from "./dotnet/packageslock/packageslock.js";
import { goBinaryCataloger } from "./go/binary/gobinary.js";
import { goModCataloger } from "./go/gomod/gomod.js";
import { javaArchiveCataloger } from "./java/archive/archive.js";
import { gradleLockfileCataloger } from "./java/gradle/gradle.js";
import { pomCataloger } from "./java/pom/pom.js";
import { nodeModulesCataloger } from "./javascript/node-modules/node-modules.js";
import { packageLockCataloger } from "./javascript/package-lock/package-lock.js";
import { pnpmLockCataloger } from "./javascript/pnpm-lock/pnpm-lock.js";
import { yarnLockCataloger } from "./javascript/yarn-lock/yarn-lock.js";
import { apkCataloger } from "./os/apk/apk.js";
import { dpkgCataloger } from "./os/dpkg/dpkg.js";
import { rpmCataloger } from "./os/rpm/rpm.js";
import { composerLockCataloger } from "./php/composerlock/composerlock.js";
import { composerInstalledCataloger } from "./php/installedjson/installedjson.js";
import { distInfoCataloger } from "./python/dist-info/dist-info.js";
import { pdmLockCataloger } from "./python/pdm-lock/pdm-lock.js";
import { pipfileLockCataloger } from "./python/pipfile-lock/pipfile-lock.js";
import { poetryLockCataloger } from "./python/poetry-lock/poetry-lock.js";
import { requirementsCataloger } from "./python/requirements/requirements.js";
import { uvLockCataloger } from "./python/uv-lock/uv-lock.js";
import { gemfileLockCataloger } from "./ruby/gemfilelock/gemfilelock.js";
import { gemspecCataloger } from "./ruby/gemspec/gemspec.js";
import { goToolchainCataloger } from "./runtimes/go/go.js";
import { httpdCataloger } from "./runtimes/httpd/httpd.js";
import { javaCataloger } from "./runtimes/java/java.js";
import { nodejsCataloger } from "./runtimes/nodejs/nodejs.js";
import { pythonCataloger } from "./runtimes/python/python.js";
import { tomcatCataloger } from "./runtimes/tomcat/tomcat.js";
import { wordpressCataloger } from "./runtimes/wordpress/wordpress.js";
import { cargoAuditableCataloger } from "./rust/auditable/auditable.js";
import { cargoLockCataloger } from "./rust/cargolock/cargolock.js";

/** Every cataloger the engine runs by default, in a stable order (OS packages first, then languages, then runtimes). */
export function defaultCatalogers(): Cataloger[] {
  return [
    // OS package databases
    dpkgCataloger,
    apkCataloger,
    rpmCataloger,
    // JavaScript
    packageLockCataloger,
    yarnLockCataloger,
    pnpmLockCataloger,
    nodeModulesCataloger,
    // Python
    distInfoCataloger,
    requirementsCataloger,
    poetryLockCataloger,
    pipfileLockCataloger,
    uvLockCataloger,
    pdmLockCataloger,
    // Go
    goModCataloger,
    goBinaryCataloger,
    // Java
    javaArchiveCataloger,
    pomCataloger,
    gradleLockfileCataloger,
    // Ruby
    gemfileLockCataloger,
    gemspecCataloger,
    // Rust
    cargoLockCataloger,
    cargoAuditableCataloger,
    // PHP
    composerLockCataloger,
    composerInstalledCataloger,
    // .NET
    packagesLockCataloger,
    depsJsonCataloger,
    // runtimes and applications found as files
    nodejsCataloger,
    pythonCataloger,
    javaCataloger,
    goToolchainCataloger,
    httpdCataloger,
    tomcatCataloger,
    wordpressCataloger,
  ];
}
