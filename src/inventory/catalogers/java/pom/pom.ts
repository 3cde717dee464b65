import { posix } from "node:path";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { CatalogContext, Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { mavenPackage } from "../maven.js";
import { child, childText, parseXml, type XmlElement } from "./xml.js";

const NAME = "maven-pom";
/** How many parents (found next to the pom through <relativePath>) are followed. */
const MAX_PARENTS = 5;

/** What a pom contributes to its children: properties and managed versions. */
interface PomScope {
  properties: Map<string, string>;
  /** "groupId:artifactId" -> version as written (may hold ${...}). */
  managed: Map<string, string>;
}

/** The project's own coordinates, its properties and managed versions, merged over its parents'. */
async function loadScope(
  path: string,
  project: XmlElement,
  ctx: CatalogContext,
  depth: number,
): Promise<PomScope> {
  const parentEl = child(project, "parent");
  let inherited: PomScope = { properties: new Map(), managed: new Map() };
  if (parentEl && depth < MAX_PARENTS) {
    const rel = childText(parentEl, "relativePath") ?? "../pom.xml";
    const target = posix.normalize(
      posix.join(posix.dirname(path), rel.endsWith(".xml") ? rel : `${rel}/pom.xml`),
    );
    const parentFile = ctx.sibling(target);
    if (parentFile) {
      const parentProject = parseXml(parentFile.path, await parentFile.text());
      inherited = await loadScope(parentFile.path, parentProject, ctx, depth + 1);
    }
  }
  const properties = new Map(inherited.properties);
  const groupId = childText(project, "groupId") ?? childText(parentEl, "groupId");
  const version = childText(project, "version") ?? childText(parentEl, "version");
  const set = (k: string, v: string | undefined): void => {
    if (v !== undefined) properties.set(k, v);
  };
  for (const prefix of ["project.", "pom.", ""]) {
    set(`${prefix}groupId`, groupId);
    set(`${prefix}artifactId`, childText(project, "artifactId"));
    set(`${prefix}version`, version);
  }
  set("project.parent.groupId", childText(parentEl, "groupId"));
  set("project.parent.version", childText(parentEl, "version"));
  set("parent.version", childText(parentEl, "version"));
  for (const p of child(project, "properties")?.children ?? []) properties.set(p.name, p.text.trim());

  const managed = new Map(inherited.managed);
  for (const d of child(child(project, "dependencyManagement"), "dependencies")?.children ?? []) {
    const g = childText(d, "groupId");
    const a = childText(d, "artifactId");
    const v = childText(d, "version");
    if (d.name === "dependency" && g && a && v) managed.set(`${g}:${a}`, v);
  }
  return { properties, managed };
}

/** Replaces ${name} references from the properties, recursively; undefined if one stays unresolved. */
export function interpolate(value: string, properties: Map<string, string>): string | undefined {
  let out = value;
  for (let round = 0; round < 10 && out.includes("${"); round++) {
    out = out.replace(/\$\{([^}]+)\}/g, (whole, key: string) => properties.get(key) ?? whole);
  }
  return out.includes("${") ? undefined : out;
}

/**
 * The dependencies a pom.xml declares with a version that can be resolved: written in the dependency,
 * or managed in its own or a parent's <dependencyManagement> (parents found next to it through
 * <relativePath>, default ../pom.xml), with ${property} references resolved from <properties> and the
 * project's coordinates. Versions that stay unresolved (a BOM import, a parent from a repository) are
 * left out: there is nothing to match. Scope test is dev; every dependency of the pom is direct.
 */
export async function pomPackages(path: string, text: string, ctx: CatalogContext): Promise<Package[]> {
  const project = parseXml(path, text);
  if (project.name !== "project") {
    throw new InputError(
      `${path} line ${project.line}`,
      `root element is <${project.name}>, a pom has <project>`,
    );
  }
  const scope = await loadScope(path, project, ctx, 0);
  const packages: Package[] = [];
  for (const d of child(project, "dependencies")?.children ?? []) {
    if (d.name !== "dependency") continue;
    const groupId = interpolate(childText(d, "groupId") ?? "", scope.properties);
    const artifactId = interpolate(childText(d, "artifactId") ?? "", scope.properties);
    if (!groupId || !artifactId) {
      throw new InputError(`${path} line ${d.line}`, "a <dependency> needs a <groupId> and an <artifactId>");
    }
    const written = childText(d, "version") ?? scope.managed.get(`${groupId}:${artifactId}`);
    const version = written === undefined ? undefined : interpolate(written, scope.properties);
    if (!version) continue;
    const depScope = interpolate(childText(d, "scope") ?? "compile", scope.properties) ?? "compile";
    const metadata: Record<string, string> = { scope: depScope };
    if (childText(d, "optional") === "true") metadata.optional = "true";
    packages.push(
      mavenPackage({ groupId, artifactId, version }, path, NAME, {
        dev: depScope === "test",
        direct: true,
        metadata,
      }),
    );
  }
  return packages;
}

/** pom.xml files: the declared dependencies with resolvable versions (Maven), test scope as dev. */
export const pomCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 16 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    return file.path === "pom.xml" || file.path.endsWith("/pom.xml");
  },
  async catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> {
    return { packages: await pomPackages(file.path, await file.text(), ctx) };
  },
};
