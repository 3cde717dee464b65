/**
 * The dashboard's browser tests, screenshots and benchmark share this: the BUILT `vigil server` (dist/,
 * with dist/web) on a fresh data directory and the vulnerability database imported from ../shared/feeds,
 * an organization of real accounts, real inventories (`vigil sbom` of the real Debian images, of a Debian
 * root with the real bullseye dpkg status set back to older real package versions, and of real npm
 * lockfiles), and Debian's chromium driven by playwright-core.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { FEEDS, sharedScanDb } from "../../src/scan/test-support/vulndb.js";
import { writeZip } from "../../src/service/delivery/zip-writer.js";
import { REPO, VIGIL_BIN, vigilArgs } from "../support/cli.js";

export const CHROMIUM = "/usr/bin/chromium";

/** Why the browser tests cannot run here (chromium or the built dashboard missing), or false. */
export function browserSkipReason(): string | false {
  if (!existsSync(CHROMIUM))
    return "chromium is not installed: apt-get install chromium (see .ci/apt-packages.txt)";
  if (!existsSync(join(REPO, "dist/web/index.html"))) return "dist/web is missing: run `npm run build`";
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (a !== null && typeof a === "object" ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

let checkBuild = true;

/**
 * Scripts (screenshots, benchmark) run dist/ as it is, even when a source file is newer (other work in
 * progress); the tests keep `vigilArgs`'s check that dist/ is built from the current sources.
 */
export function acceptBuiltDist(): void {
  checkBuild = false;
}

function args(...a: string[]): string[] {
  return checkBuild ? vigilArgs(...a) : [VIGIL_BIN, ...a];
}

function vigil(...a: string[]): string {
  const r = spawnSync(process.execPath, args(...a), {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`vigil ${a.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export interface RunningVigil {
  url: string;
  dir: string;
  /** The server's data directory (SQLite database). */
  data: string;
  vulnDb: string;
  stop(): Promise<void>;
}

/**
 * `vigil server` (built) listening on a free port, on `options.data` or a fresh data directory; stop()
 * ends it and removes its temporary directory (a given data directory is kept).
 */
export async function startVigil(options: { data?: string } = {}): Promise<RunningVigil> {
  const vulnDb = await sharedScanDb();
  const dir = mkdtempSync(join(tmpdir(), "vigil-web-"));
  const data = options.data ?? join(dir, "data");
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    args(
      "server",
      "--data",
      data,
      "--vuln-db",
      vulnDb,
      "--listen",
      `127.0.0.1:${port}`,
      "--log-level",
      "warn",
    ),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`vigil server exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error(`vigil server did not answer /healthz: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    data,
    vulnDb,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An account made with `vigil accounts create` (the server's data directory). */
export interface TestAccount {
  accountId: string;
  name: string;
  apiKey: string;
}

export function createAccount(data: string, name: string): TestAccount {
  return JSON.parse(vigil("accounts", "create", "--name", name, "--json", "--data", data)) as TestAccount;
}

export async function call<T>(
  server: RunningVigil,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

const BULLSEYE_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\nVERSION="11 (bullseye)"\nVERSION_CODENAME=bullseye\nID=debian\n`;

/**
 * A host root: the real bullseye dpkg status with openssl and zlib set back to the real earlier Debian
 * revisions (1.1.1n-0+deb11u3, before DSA-5343-1; 1:1.2.11.dfsg-2+deb11u1, before DSA-5218-1).
 */
function oldBullseyeRoot(dir: string): string {
  const root = join(dir, "web-01");
  mkdirSync(join(root, "etc"), { recursive: true });
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  writeFileSync(join(root, "etc/os-release"), BULLSEYE_OS_RELEASE);
  let status = readFileSync(join(FEEDS, "artifacts/dpkg/debian-bullseye-minbase.status"), "utf8");
  const set = (pkg: string, version: string) => {
    const re = new RegExp(`(Package: ${pkg}\\n(?:[^\\n]+\\n)*?Version: )[^\\n]+`);
    if (!re.test(status)) throw new Error(`no ${pkg} stanza in the bullseye status`);
    status = status.replace(re, `$1${version}`);
  };
  set("libssl1.1", "1.1.1n-0+deb11u3");
  set("zlib1g", "1:1.2.11.dfsg-2+deb11u1");
  writeFileSync(join(root, "var/lib/dpkg/status"), `${status.trimEnd()}\n\n${POLKIT_STANZA}`);
  return root;
}

/**
 * Stanzas shaped like the real status file's (same fields, same order) for packages the minbase image
 * lacks, at real older bullseye versions: policykit-1 0.105-31 (bullseye's release version, before
 * DSA-5059-1 fixed CVE-2021-4034, "PwnKit", in CISA KEV) and redis 5:6.0.16-1+deb11u1 (DSA-5001-1's
 * version, before DSA-5081-1 fixed CVE-2022-0543, in CISA KEV).
 */
const POLKIT_STANZA = `Package: policykit-1
Status: install ok installed
Priority: optional
Section: admin
Maintainer: Utopia Maintenance Team <pkg-utopia-maintainers@lists.alioth.debian.org>
Architecture: amd64
Version: 0.105-31
Depends: libc6 (>= 2.7), libglib2.0-0 (>= 2.37.3), libpam0g (>= 0.99.7.1), libpolkit-agent-1-0 (= 0.105-31), libpolkit-gobject-1-0 (= 0.105-31), dbus
Description: framework for managing administrative policies and privileges
`;

const REDIS_STANZAS = `Package: redis-tools
Status: install ok installed
Priority: optional
Section: database
Maintainer: Chris Lamb <lamby@debian.org>
Architecture: amd64
Source: redis
Version: 5:6.0.16-1+deb11u1
Depends: libc6 (>= 2.29), libjemalloc2 (>= 4.0.0), liblua5.1-0, liblzf1 (>= 1.5), libssl1.1 (>= 1.1.0), libsystemd0
Description: Persistent key-value database with network interface (client)

Package: redis-server
Status: install ok installed
Priority: optional
Section: database
Maintainer: Chris Lamb <lamby@debian.org>
Architecture: amd64
Source: redis
Version: 5:6.0.16-1+deb11u1
Depends: lsb-base (>= 3.2-14), redis-tools (= 5:6.0.16-1+deb11u1)
Description: Persistent key-value database with network interface
`;

/** A second host root: the real bullseye dpkg status plus redis at 5:6.0.16-1+deb11u1 (see above). */
function redisBullseyeRoot(dir: string): string {
  const root = join(dir, "cache-01");
  mkdirSync(join(root, "etc"), { recursive: true });
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  writeFileSync(join(root, "etc/os-release"), BULLSEYE_OS_RELEASE);
  const status = readFileSync(join(FEEDS, "artifacts/dpkg/debian-bullseye-minbase.status"), "utf8");
  writeFileSync(join(root, "var/lib/dpkg/status"), `${status.trimEnd()}\n\n${REDIS_STANZAS}`);
  return root;
}

/**
 * An Electron desktop app's npm project: a lockfile holding electron 2.0.7 as the npm registry publishes
 * it (resolved URL and integrity from `npm view electron@2.0.7 dist`). The Node.js security WG's
 * advisories 466 (CVE-2018-15685, CVSS 9.8, EPSS 0.104) and 495 (CVE-2019-5786, CVSS 3.0 vector, in CISA
 * KEV) affect it.
 */
function electronProject(dir: string): string {
  const root = join(dir, "desktop-app");
  mkdirSync(root, { recursive: true });
  const name = "acme-desktop";
  writeFileSync(
    join(root, "package.json"),
    `${JSON.stringify({ name, version: "1.4.0", private: true, devDependencies: { electron: "2.0.7" } }, null, 2)}\n`,
  );
  const lock = {
    name,
    version: "1.4.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name, version: "1.4.0", devDependencies: { electron: "2.0.7" } },
      "node_modules/electron": {
        version: "2.0.7",
        resolved: "https://registry.npmjs.org/electron/-/electron-2.0.7.tgz",
        integrity:
          "sha512-MRrDE6mrp+ZrIBpZM27pxbO2yEDKYfkmc6Ll79BtedMNEZsY4+oblupeDJL6RM6meUIp82KMo63W7fP65Tb89Q==",
        dev: true,
        hasInstallScript: true,
        license: "MIT",
        bin: { electron: "cli.js" },
      },
    },
  };
  writeFileSync(join(root, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  return root;
}

/** The seeded organization: the delegated administrator's and the member's keys. */
export interface SeededOrg {
  admin: TestAccount;
  member: TestAccount;
  management: TestAccount;
}

/**
 * An organization (management, delegated administrator "platform-security", member "payments") and real
 * inventories: the two real Debian images, a host with old openssl/zlib, three real npm projects.
 */
export async function seedRealData(server: RunningVigil): Promise<SeededOrg> {
  const data = server.data;
  const management = createAccount(data, "acme-management");
  const admin = createAccount(data, "platform-security");
  const member = createAccount(data, "payments");
  await call(server, management.apiKey, "POST", "/v1/organization", { name: "Acme" });
  await call(server, management.apiKey, "PUT", "/v1/organization/delegated-admin", {
    accountId: admin.accountId,
  });
  await call(server, admin.apiKey, "POST", "/v1/organization/members", { accountId: member.accountId });

  const lock = (d: string) => join(FEEDS, "artifacts/lockfiles", d);
  const targets: {
    type: string;
    name: string;
    target: string;
    account: TestAccount;
    tags: Record<string, string>;
  }[] = [
    {
      type: "image",
      name: "registry.acme.internal/base/debian-minbase:bullseye",
      target: `docker-archive:${join(FEEDS, "artifacts/images/debian-bullseye-minbase.tar.gz")}`,
      account: admin,
      tags: { team: "platform", env: "prod" },
    },
    {
      type: "image",
      name: "registry.acme.internal/base/debian-minbase:bookworm",
      target: `docker-archive:${join(FEEDS, "artifacts/images/debian-bookworm-minbase.tar.gz")}`,
      account: admin,
      tags: { team: "platform", env: "staging" },
    },
    {
      type: "host",
      name: "web-01",
      target: `dir:${oldBullseyeRoot(server.dir)}`,
      account: admin,
      tags: { env: "prod", role: "web" },
    },
    {
      type: "host",
      name: "cache-01",
      target: `dir:${redisBullseyeRoot(server.dir)}`,
      account: admin,
      tags: { env: "prod", role: "cache" },
    },
    {
      type: "repository",
      name: "github.com/acme/desktop-app",
      target: electronProject(server.dir),
      account: admin,
      tags: { team: "desktop" },
    },
    {
      type: "repository",
      name: "github.com/acme/shop",
      target: lock("npm-v3-express-lodash"),
      account: admin,
      tags: { team: "shop" },
    },
    {
      type: "repository",
      name: "github.com/acme/legacy-cms",
      target: lock("npm-v1-legacy"),
      account: admin,
      tags: { team: "cms" },
    },
    {
      type: "repository",
      name: "github.com/acme/payments-api",
      target: lock("yarn-v1"),
      account: member,
      tags: { team: "payments" },
    },
    {
      type: "repository",
      name: "github.com/acme/payments-ui",
      target: lock("pnpm-v9"),
      account: member,
      tags: { team: "payments" },
    },
  ];
  for (const t of targets) {
    const inventory = JSON.parse(vigil("sbom", t.target, "-f", "json")) as unknown;
    await call(server, admin.apiKey, "POST", "/v1/inventories", {
      resource: { type: t.type, name: t.name, tags: t.tags, accountId: t.account.accountId },
      inventory,
      collector: {
        kind: t.name === "cache-01" ? "agentless" : t.type === "host" ? "agent" : "ci",
        version: "0.1.0",
      },
    });
  }
  await seedDiscovery(server, admin, member);
  return { admin, member, management };
}

/**
 * What discovery adds: a function deployed on an end-of-life runtime (nodejs14.x; its code is the real
 * express/lodash lockfile), cache-01 registered for agentless SSH scanning (scan mode AGENTLESS; no sshd
 * answers at its address here, so its scans fail and say why), and a registry connection with inclusion
 * rules (not reachable from here: its discovery fails and says why).
 */
async function seedDiscovery(server: RunningVigil, admin: TestAccount, member: TestAccount): Promise<void> {
  const lockDir = join(FEEDS, "artifacts/lockfiles/npm-v3-express-lodash");
  const code = writeZip(
    ["package.json", "package-lock.json"].map((name) => ({
      name,
      data: readFileSync(join(lockDir, name)),
    })),
    new Date("2024-03-01T00:00:00Z"),
  );
  await call(server, admin.apiKey, "PUT", "/v1/functions/checkout-webhook", {
    runtime: "nodejs14.x",
    code: { zipFile: code.toString("base64") },
    tags: { team: "payments" },
    accountId: member.accountId,
  });
  const keyFile = join(server.dir, "ssh-key");
  const kg = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "vigil-seed", "-f", keyFile], {
    encoding: "utf8",
  });
  if (kg.status !== 0) throw new Error(`ssh-keygen failed: ${kg.stderr}`);
  await call(server, admin.apiKey, "POST", "/v1/hosts/ssh", {
    name: "cache-01",
    address: "127.0.0.1",
    port: 9,
    username: "vigil",
    privateKey: readFileSync(keyFile, "utf8"),
    mode: "agentless",
    intervalHours: 24,
    tags: { env: "prod", role: "cache" },
  });
  // Wait (at most 60 s) for cache-01's first scan to end, so every page shows its outcome.
  for (let i = 0; i < 600; i++) {
    const hosts = await call<{
      items: { name: string; lastError: string | null; lastScanAt: string | null }[];
    }>(server, admin.apiKey, "GET", "/v1/hosts/ssh");
    const h = hosts.items.find((x) => x.name === "cache-01");
    if (h?.lastError != null || h?.lastScanAt != null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await call(server, admin.apiKey, "POST", "/v1/registries", {
    name: "Acme internal registry",
    url: "https://registry.acme.internal:5000",
    inclusionRules: ["base/*", "payments/*"],
    pollIntervalMinutes: 60,
  });
}

/** Debian's chromium through playwright-core: headless, a fresh profile; close() removes the profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "vigil-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
