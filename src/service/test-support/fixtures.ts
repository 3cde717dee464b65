/**
 * Test fixtures of the service: both database dialects, a small real vulnerability database and real
 * inventories. PostgreSQL tests create and drop their own database; they are skipped, with the reason,
 * only when no server answers on 127.0.0.1:5432 (`.ci/run` starts one).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { importFeeds } from "../../intel/index.js";
import { inventory } from "../../inventory/index.js";
import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import type { DatabaseLocation, Dialect } from "../db/connect.js";

const repoRoot = resolve(fileURLToPath(new URL("../../../", import.meta.url)));
/** The shared feeds snapshot beside the repository. */
export const FEEDS = resolve(repoRoot, "../shared/feeds");
/** A real npm project: express plus lodash 4.17.15 (NSWG-ECO-516 in the Node.js security WG feed). */
export const EXPRESS_LODASH = join(FEEDS, "artifacts/lockfiles/npm-v3-express-lodash");

const ADMIN_URLS = [
  process.env.VIGIL_TEST_POSTGRES_URL,
  "postgres://postgres@127.0.0.1:5432/postgres",
  "postgres://root@127.0.0.1:5432/postgres",
].filter((u): u is string => u !== undefined && u !== "");

let adminUrl: Promise<string | undefined> | undefined;

/** A PostgreSQL URL with the right to create databases, or undefined when none answers. */
export function postgresAdminUrl(): Promise<string | undefined> {
  adminUrl ??= (async () => {
    for (const url of ADMIN_URLS) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        await client.query("select 1");
        return url;
      } catch {
        // try the next user
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    return undefined;
  })();
  return adminUrl;
}

/** One test database: where it is, and how to remove it. */
export interface TestDatabase {
  dialect: Dialect;
  location: DatabaseLocation;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect: a temp directory for SQLite, a new database for PostgreSQL. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "vigil-service-"));
    return {
      dialect,
      location: { data: dir },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = await postgresAdminUrl();
  if (admin === undefined) throw new Error("PostgreSQL is not reachable");
  const name = `vigil_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    dialect,
    location: { url: url.toString() },
    drop: () => run(`drop database if exists ${name} with (force)`),
  };
}

/** Why PostgreSQL tests are skipped, or false when they run. */
export async function postgresSkipReason(): Promise<string | false> {
  return (await postgresAdminUrl()) === undefined
    ? `PostgreSQL not reachable on 127.0.0.1:5432 as postgres or root (start it: .ci/run does; or set VIGIL_TEST_POSTGRES_URL)`
    : false;
}

/** Both dialects with the skip reason of each, for `describe(name, { skip }, ...)`. */
export async function dialects(): Promise<{ dialect: Dialect; skip: string | false }[]> {
  return [
    { dialect: "sqlite", skip: false },
    { dialect: "postgres", skip: await postgresSkipReason() },
  ];
}

let vulnDb: Promise<string> | undefined;

/** A vulnerability database built from the Node.js security WG feed (small: about 2 s), once per process. */
export function testVulnDb(): Promise<string> {
  vulnDb ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-vulndb-"));
    const path = join(dir, "vuln.db");
    await importFeeds([join(FEEDS, "nodejs-security-wg")], { db: path });
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    return path;
  })();
  return vulnDb;
}

let expressLodash: Promise<Inventory> | undefined;

/** The inventory of the express + lodash project, once per process. */
export function expressLodashInventory(): Promise<Inventory> {
  expressLodash ??= inventory(EXPRESS_LODASH);
  return expressLodash;
}

/** An npm package as the npm-lock cataloger reports it. */
export function npmPackage(name: string, version: string): Package {
  return {
    name,
    version,
    ecosystem: "npm",
    purl: `pkg:npm/${name}@${version}`,
    locations: ["package-lock.json"],
    foundBy: "npm-lock",
  };
}

/** An inventory of a directory "app" holding the npm packages `[name, version]`. */
export function npmInventory(...packages: [string, string][]): Inventory {
  return {
    target: { kind: "directory", ref: "app" },
    packages: packages.map(([n, v]) => npmPackage(n, v)),
    runtimes: [],
    problems: [],
    createdAt: "2026-11-20T00:00:00.000Z",
  };
}

/**
 * An inventory of old npm packages with six findings in the security WG feed, two pairs of them tied on
 * risk (jquery 7.2 x2, moment and marked 5.3): for sorting and pagination.
 */
export function sixFindingInventory(): Inventory {
  return {
    target: { kind: "directory", ref: "old-frontend" },
    packages: [
      npmPackage("express", "4.0.0"),
      npmPackage("marked", "0.3.5"),
      npmPackage("handlebars", "4.0.5"),
      npmPackage("moment", "2.10.0"),
      npmPackage("jquery", "1.8.0"),
    ],
    runtimes: [],
    problems: [],
    createdAt: "2026-11-01T00:00:00.000Z",
  };
}

/** A clock tests move by hand. */
export class TestClock {
  #t: number;

  constructor(start = "2026-11-20T10:00:00.000Z") {
    this.#t = Date.parse(start);
  }

  now = (): Date => new Date(this.#t);

  /** Moves the clock forward. */
  advance(ms = 60_000): void {
    this.#t += ms;
  }
}
