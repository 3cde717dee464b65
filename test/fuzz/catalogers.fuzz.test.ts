/**
 * Fuzzing every cataloger (lockfiles, manifests, package databases, binaries, runtime files): each
 * starts from the real files of its own testdata and of ../shared/feeds/artifacts, mutated as bytes and,
 * for JSON and YAML formats, as parsed trees, plus unrelated noise. Each input is cataloged as the
 * engine does (the file at a path the cataloger wants, the seed's siblings in the context); the
 * cataloger must return packages and runtimes whose fields are strings, or throw a VigilError naming the
 * file, within the deadline. Inputs per cataloger: VIGIL_FUZZ_RUNS (200 in `npm test`, 10,000 in
 * `npm run fuzz`).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import type { CatalogContext, Cataloger, CatalogResult } from "../../src/inventory/cataloger.js";
import { defaultCatalogers } from "../../src/inventory/catalogers/index.js";
import {
  context,
  debian12,
  fileFromText,
  repoRoot,
  sharedFeeds,
} from "../../src/inventory/catalogers/test-support.js";
import { fuzz, mutatedBytes, mutatedJson, mutatedYaml, noise, Tally } from "./harness.js";

const CATALOGERS = join(repoRoot, "src/inventory/catalogers");
const ARTIFACTS = join(sharedFeeds, "artifacts");

/** A real file the fuzzer starts from: its bytes, the path the cataloger sees, its mode and siblings. */
interface Seed {
  bytes: Buffer;
  path: string;
  mode: number;
  siblings: { path: string; bytes: Buffer }[];
}

type Format = "json" | "yaml" | "text" | "binary";

interface Target {
  cataloger: string;
  format: Format;
  seeds: () => Seed[];
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

/** Seeds: files under `dir` (relative to the catalogers folder or absolute) named by `match`, seen at `as(rel)`. */
function seedsIn(dir: string, match: RegExp, as: (rel: string) => string, mode = 0o644): Seed[] {
  const root = dir.startsWith("/") ? dir : join(CATALOGERS, dir);
  return files(root)
    .filter((f) => match.test(relative(root, f)))
    .map((f) => {
      const rel = relative(root, f);
      // The seed's package.json is the sibling a lockfile cataloger reads for direct dependencies.
      const siblings = files(dirname(f))
        .filter((s) => basename(s) === "package.json" && dirname(s) === dirname(f) && s !== f)
        .map((s) => ({ path: join(dirname(as(rel)), "package.json"), bytes: readFileSync(s) }));
      return { bytes: readFileSync(f), path: as(rel), mode, siblings };
    });
}

/** A window of a real executable around the first occurrence of `marker` (with the ELF header kept). */
function binaryWindow(path: string, marker: string, size = 8192): Buffer | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(realpathSync(path));
  } catch {
    return undefined;
  }
  const at = buf.indexOf(marker, 0, "latin1");
  if (at < 0) return undefined;
  const from = Math.max(64, at - size / 2);
  return Buffer.concat([buf.subarray(0, 64), buf.subarray(from, from + size)]);
}

const text = (path: string, content: string, mode = 0o644): Seed => ({
  bytes: Buffer.from(content, "utf8"),
  path,
  mode,
  siblings: [],
});

const TARGETS: Target[] = [
  {
    cataloger: "dpkg",
    format: "text",
    seeds: () => [
      ...seedsIn("os/dpkg/testdata", /\.status$/, () => "var/lib/dpkg/status"),
      ...seedsIn("os/dpkg/testdata/distroless", /status\.d\/[^.]+$/, (r) => r),
      ...seedsIn(join(ARTIFACTS, "dpkg"), /\.status$/, () => "var/lib/dpkg/status"),
    ],
  },
  {
    cataloger: "apk",
    format: "text",
    seeds: () => seedsIn("os/apk/testdata", /^installed$/, () => "lib/apk/db/installed"),
  },
  {
    cataloger: "rpm",
    format: "binary",
    seeds: () => [
      ...seedsIn("os/rpm/testdata", /^rpmdb\.sqlite$/, () => "var/lib/rpm/rpmdb.sqlite"),
      ...seedsIn("os/rpm/testdata", /Packages$/, () => "var/lib/rpm/Packages"),
    ],
  },
  {
    cataloger: "npm-lock",
    format: "json",
    seeds: () => [
      ...seedsIn("javascript/package-lock/testdata", /(package-lock|npm-shrinkwrap)\.json$/, (r) => r),
      ...seedsIn(join(ARTIFACTS, "lockfiles"), /package-lock\.json$/, (r) => r),
    ],
  },
  {
    cataloger: "yarn-lock",
    format: "text",
    seeds: () => [
      ...seedsIn("javascript/yarn-lock/testdata", /yarn\.lock$/, (r) => r),
      ...seedsIn(join(ARTIFACTS, "lockfiles"), /yarn\.lock$/, (r) => r),
    ],
  },
  {
    cataloger: "pnpm-lock",
    format: "yaml",
    seeds: () => [
      ...seedsIn("javascript/pnpm-lock/testdata", /pnpm-lock\.yaml$/, (r) => r),
      ...seedsIn(join(ARTIFACTS, "lockfiles"), /pnpm-lock\.yaml$/, (r) => r),
    ],
  },
  {
    cataloger: "node-modules",
    format: "json",
    // Installed packages' manifests: real ones from this repository's own node_modules.
    seeds: () =>
      ["semver", "yaml", "zod", "fastify", "fast-check", "undici", "@types/node"].map((name) => ({
        bytes: readFileSync(join(repoRoot, "node_modules", name, "package.json")),
        path: `app/node_modules/${name}/package.json`,
        mode: 0o644,
        siblings: [],
      })),
  },
  {
    cataloger: "python-dist-info",
    format: "text",
    seeds: () => seedsIn("python/dist-info/testdata", /(METADATA|PKG-INFO)$/, (r) => `usr/lib/python3/${r}`),
  },
  {
    cataloger: "python-requirements",
    format: "text",
    seeds: () => seedsIn("python/requirements/testdata", /\.txt$/, (r) => r),
  },
  {
    cataloger: "poetry-lock",
    format: "text",
    seeds: () => seedsIn("python/poetry-lock/testdata", /poetry\.lock$/, (r) => r),
  },
  {
    cataloger: "pipfile-lock",
    format: "json",
    seeds: () => seedsIn("python/pipfile-lock/testdata", /Pipfile\.lock$/, (r) => r),
  },
  {
    cataloger: "uv-lock",
    format: "text",
    seeds: () => seedsIn("python/uv-lock/testdata", /uv\.lock$/, (r) => r),
  },
  {
    cataloger: "pdm-lock",
    format: "text",
    seeds: () => seedsIn("python/pdm-lock/testdata", /pdm\.lock$/, (r) => r),
  },
  { cataloger: "go-mod", format: "text", seeds: () => seedsIn("go/gomod/testdata", /go\.mod$/, (r) => r) },
  {
    cataloger: "go-binary",
    format: "binary",
    seeds: () => [
      {
        bytes: gunzipSync(readFileSync(join(CATALOGERS, "go/binary/testdata/yamlcat.gz"))),
        path: "usr/local/bin/yamlcat",
        mode: 0o755,
        siblings: [],
      },
    ],
  },
  {
    cataloger: "java-archive",
    format: "binary",
    seeds: () => seedsIn("runtimes/tomcat/testdata", /catalina\.jar$/, () => "app/lib/catalina-app.jar"),
  },
  {
    cataloger: "maven-pom",
    format: "text",
    seeds: () => seedsIn("java/pom/testdata", /pom\.xml$/, (r) => r),
  },
  {
    cataloger: "gradle-lockfile",
    format: "text",
    seeds: () => seedsIn("java/gradle/testdata", /gradle\.lockfile$/, (r) => r),
  },
  {
    cataloger: "gemfile-lock",
    format: "text",
    seeds: () => seedsIn("ruby/gemfilelock/testdata", /Gemfile\.lock$/, (r) => r),
  },
  {
    cataloger: "gemspec",
    format: "text",
    seeds: () =>
      seedsIn("ruby/gemspec/testdata", /\.gemspec$/, (r) => `usr/lib/ruby/gems/3.1.0/specifications/${r}`),
  },
  {
    cataloger: "cargo-lock",
    format: "text",
    seeds: () => seedsIn("rust/cargolock/testdata", /Cargo\.lock$/, (r) => r),
  },
  {
    cataloger: "cargo-auditable",
    format: "binary",
    seeds: () => {
      // The real embedded dependency list added to a real ELF (/usr/bin/true) as cargo-auditable places it,
      // padded past the cataloger's 128 KiB floor for programs.
      const work = mkdtempSync(join(tmpdir(), "vigil-fuzz-auditable-"));
      try {
        const section = join(CATALOGERS, "rust/auditable/testdata/app.dep-v0");
        const pad = join(work, "pad");
        writeFileSync(pad, Buffer.alloc(160 * 1024));
        const out = join(work, "app");
        execFileSync("objcopy", [
          "--add-section",
          `.dep-v0=${section}`,
          "--add-section",
          `.pad=${pad}`,
          "/usr/bin/true",
          out,
        ]);
        return [{ bytes: readFileSync(out), path: "usr/local/bin/app", mode: 0o755, siblings: [] }];
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  },
  {
    cataloger: "composer-lock",
    format: "json",
    seeds: () => seedsIn("php/composerlock/testdata", /composer\.lock$/, (r) => r),
  },
  {
    cataloger: "composer-installed",
    format: "json",
    seeds: () =>
      seedsIn(
        "php/installedjson/testdata",
        /installed\.json$/,
        (r) => `app/vendor/composer/installed.json#${r}`,
      ),
  },
  {
    cataloger: "nuget-packages-lock",
    format: "json",
    seeds: () => seedsIn("dotnet/packageslock/testdata", /packages\.lock\.json$/, (r) => r),
  },
  {
    cataloger: "dotnet-deps",
    format: "json",
    seeds: () => seedsIn("dotnet/depsjson/testdata", /\.deps\.json$/, (r) => `app/${r}`),
  },
  {
    cataloger: "nodejs-binary",
    format: "binary",
    seeds: () => {
      const w = binaryWindow("/usr/bin/node", "node.js/v") ?? binaryWindow(process.execPath, "node.js/v");
      return [
        ...(w ? [{ bytes: w, path: "usr/local/bin/node", mode: 0o755, siblings: [] }] : []),
        text(
          "usr/bin/node",
          "\x7fELF\0\0https://nodejs.org/download/release/v20.18.0/node-v20.18.0\0node.js/v20.18.0\0",
          0o755,
        ),
      ];
    },
  },
  {
    cataloger: "python-binary",
    format: "binary",
    seeds: () => {
      const w = binaryWindow("/usr/bin/python3.11", "\x003.11.");
      return [
        ...(w ? [{ bytes: w, path: "usr/bin/python3.11", mode: 0o755, siblings: [] }] : []),
        text("usr/bin/python3.12", "\x7fELF\0\0\x003.12.4\0\0", 0o755),
      ];
    },
  },
  {
    cataloger: "java-release",
    format: "text",
    seeds: () => seedsIn("runtimes/java/testdata", /release$/, (r) => `usr/lib/jvm/${r}`),
  },
  {
    cataloger: "go-toolchain",
    format: "text",
    seeds: () => seedsIn("runtimes/go/testdata", /VERSION$/, (r) => r),
  },
  {
    cataloger: "apache-httpd-binary",
    format: "binary",
    seeds: () => [text("usr/sbin/apache2", "\x7fELF\0\0Apache/2.4.62 (Debian)\0Apache\0", 0o755)],
  },
  {
    cataloger: "tomcat",
    format: "binary",
    seeds: () =>
      seedsIn("runtimes/tomcat/testdata", /catalina\.jar$/, () => "usr/local/tomcat/lib/catalina.jar"),
  },
  {
    cataloger: "wordpress",
    format: "text",
    seeds: () =>
      seedsIn(
        "runtimes/wordpress/testdata",
        /\.(php|css|txt)$/,
        (r) => `var/www/html/${r.replace(/^wordpress\//, "")}`,
      ),
  },
];

function arbitraryFor(format: Format, seeds: Seed[]): fc.Arbitrary<{ seed: Seed; bytes: Buffer }> {
  return fc.nat({ max: seeds.length - 1 }).chain((i) => {
    const seed = seeds[i] as Seed;
    const mutated =
      format === "json"
        ? mutatedJson([seed.bytes])
        : format === "yaml"
          ? mutatedYaml([seed.bytes])
          : mutatedBytes([seed.bytes]);
    return fc
      .oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: noise })
      .map((bytes) => ({ seed, bytes }));
  });
}

/** A result's packages and runtimes carry strings where the model says so (the boundary parsed them). */
function checkResult(name: string) {
  return (r: CatalogResult) => {
    assert.equal(typeof r, "object", `${name}: no result object`);
    for (const p of r.packages ?? []) {
      for (const field of ["name", "version", "ecosystem", "foundBy"] as const) {
        assert.equal(
          typeof p[field],
          "string",
          `${name}: package ${field} is ${typeof p[field]}: ${JSON.stringify(p).slice(0, 300)}`,
        );
      }
      assert.ok(Array.isArray(p.locations), `${name}: package locations is not an array`);
    }
    for (const rt of r.runtimes ?? []) {
      assert.equal(typeof rt.version, "string", `${name}: runtime version is ${typeof rt.version}`);
    }
  };
}

describe("fuzz: catalogers return packages or a clear error on mutated real files", () => {
  const byName = new Map(defaultCatalogers().map((c) => [c.name, c]));

  test("every default cataloger has a fuzz target", () => {
    const targeted = new Set(TARGETS.map((t) => t.cataloger));
    assert.deepEqual(
      [...byName.keys()].filter((n) => !targeted.has(n)),
      [],
    );
  });

  for (const target of TARGETS) {
    test(`${target.cataloger}: a result or a VigilError, never a crash or hang`, async () => {
      const cataloger = byName.get(target.cataloger) as Cataloger;
      assert.ok(cataloger, `no cataloger named ${target.cataloger}`);
      const seeds = target.seeds().map((s) => ({ ...s, path: s.path.replace(/#.*$/, "") }));
      assert.ok(seeds.length > 0, `${target.cataloger}: no seed files found`);
      for (const s of seeds) {
        assert.ok(
          cataloger.wants({ path: s.path, size: s.bytes.length, mode: s.mode }),
          `${target.cataloger} does not want ${s.path}`,
        );
      }
      const tally = new Tally(target.cataloger);
      await fuzz(
        tally,
        arbitraryFor(target.format, seeds),
        ({ seed, bytes }) => {
          const ctx: CatalogContext = context(
            debian12,
            seed.siblings.map((s) => fileFromText(s.path, s.bytes)),
          );
          return cataloger.catalog(fileFromText(seed.path, bytes, seed.mode), ctx);
        },
        checkResult(target.cataloger),
      );
    });
  }
});
