import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { gemPurl } from "../gem.js";

const NAME = "gemfile-lock";

/** One locked gem: a `    name (version[-platform])` line under a GEM, GIT or PATH source. */
export interface LockedGem {
  name: string;
  version: string;
  /** "ruby" unless the spec names a platform ("x86_64-linux"). */
  platform: string;
  source: "Rubygems" | "Git" | "Path" | "Plugin";
  remote?: string;
  revision?: string;
  line: number;
}

/** What a Gemfile.lock says. */
export interface GemfileLock {
  specs: LockedGem[];
  /** Gems named in DEPENDENCIES: the Gemfile's own (direct) dependencies. */
  dependencies: Set<string>;
  platforms: string[];
  bundledWith?: string;
}

const SOURCES: Record<string, LockedGem["source"]> = {
  GEM: "Rubygems",
  GIT: "Git",
  PATH: "Path",
  "PLUGIN SOURCE": "Plugin",
};

/**
 * Parses a Gemfile.lock the way Bundler's LockfileParser does: sections are unindented headers; source
 * sections (GEM, GIT, PATH, PLUGIN SOURCE) hold `remote:`/`revision:` options and, under `specs:`,
 * gems at four spaces (their own dependencies at six are skipped); DEPENDENCIES lists the Gemfile's gems
 * ("name (constraint)" or "name!" for a gem from a GIT/PATH source). Other sections (RUBY VERSION,
 * CHECKSUMS...) are read past.
 */
export function parseGemfileLock(source: string, text: string): GemfileLock {
  const lock: GemfileLock = { specs: [], dependencies: new Set(), platforms: [] };
  let section = "";
  let remote: string | undefined;
  let revision: string | undefined;
  const pending: LockedGem[] = [];
  const flush = (): void => {
    for (const g of pending) {
      if (remote !== undefined) g.remote = remote;
      if (revision !== undefined) g.revision = revision;
      lock.specs.push(g);
    }
    pending.length = 0;
  };
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.replace(/\r$/, "");
    const lineNo = index + 1;
    const fail = (why: string): never => {
      throw new InputError(`${source} line ${lineNo}`, `${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === "") continue;
    if (!line.startsWith(" ")) {
      flush();
      section = line.trim();
      remote = undefined;
      revision = undefined;
      continue;
    }
    // Own keys only: a section named "constructor" or "toString" once found Object.prototype's function.
    const kind = Object.hasOwn(SOURCES, section) ? SOURCES[section] : undefined;
    if (kind) {
      const option = /^ {2}(\w+): ?(.*)$/.exec(line);
      if (option) {
        if (option[1] === "remote") remote = option[2];
        if (option[1] === "revision") revision = option[2];
        continue;
      }
      if (/^ {6}\S/.test(line)) continue; // a locked gem's own dependency
      const spec = /^ {4}([^\s(]+) \(([^)\s]+)\)$/.exec(line);
      if (!spec) fail('expected a locked gem "    name (version)"');
      const [, name, full] = spec as unknown as [string, string, string];
      const dash = full.indexOf("-");
      pending.push({
        name,
        version: dash < 0 ? full : full.slice(0, dash),
        platform: dash < 0 ? "ruby" : full.slice(dash + 1),
        source: kind,
        line: lineNo,
      });
    } else if (section === "DEPENDENCIES") {
      const dep = /^ {2}([^\s(!]+)/.exec(line);
      if (!dep) fail('expected a dependency "  name (constraint)"');
      lock.dependencies.add(dep![1]!);
    } else if (section === "PLATFORMS") {
      lock.platforms.push(line.trim());
    } else if (section === "BUNDLED WITH") {
      lock.bundledWith = line.trim();
    }
  }
  flush();
  if (lock.specs.length === 0 && lock.dependencies.size === 0 && !lock.bundledWith) {
    throw new InputError(source, "no GEM, GIT, PATH or DEPENDENCIES section: is this a Gemfile.lock?");
  }
  return lock;
}

/**
 * One package per locked gem name and version (platform variants of one version, such as nokogiri's
 * "ruby" and "x86_64-linux" builds, are one package with their platforms in metadata). Gems from GIT and
 * PATH sources are kept and marked by metadata.source. DEPENDENCIES gems are direct.
 */
export function gemfileLockPackages(lock: GemfileLock, location: string): Package[] {
  const byKey = new Map<string, Package>();
  for (const g of lock.specs) {
    const key = `${g.name}@${g.version}`;
    const seen = byKey.get(key);
    if (seen?.metadata) {
      seen.metadata.platforms = `${seen.metadata.platforms},${g.platform}`;
      continue;
    }
    const metadata: Record<string, string> = { source: g.source.toLowerCase(), platforms: g.platform };
    if (g.remote !== undefined) metadata.remote = g.remote;
    if (g.revision !== undefined) metadata.revision = g.revision;
    if (lock.bundledWith) metadata.bundledWith = lock.bundledWith;
    byKey.set(key, {
      name: g.name,
      version: g.version,
      ecosystem: "RubyGems",
      purl: gemPurl(g.name, g.version),
      locations: [location],
      direct: lock.dependencies.has(g.name),
      foundBy: NAME,
      metadata,
    });
  }
  return [...byKey.values()];
}

/** Bundler lockfiles (Gemfile.lock, gems.locked). */
export const gemfileLockCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 16 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    const base = file.path.slice(file.path.lastIndexOf("/") + 1);
    return base === "Gemfile.lock" || base === "gems.locked";
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    return { packages: gemfileLockPackages(parseGemfileLock(file.path, await file.text()), file.path) };
  },
};
