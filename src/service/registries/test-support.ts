/**
 * For the registry tests: Debian's docker-registry on loopback whose `notifications` endpoint is a Vigil
 * test server, and a real image with findings (the bookworm fixture plus an npm project layer added with
 * umoci) pushed with skopeo.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { imageFixtures } from "../../../test/fixtures-build/images.js";
import { EXPRESS_LODASH } from "../test-support/fixtures.js";

const run = promisify(execFile);

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a !== null ? a.port : 0;
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
}

/** A running registry that notifies Vigil. */
export interface NotifyingRegistry {
  /** "127.0.0.1:<port>" */
  host: string;
  /** The registry's log (notification delivery failures show here). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts docker-registry on `port` (no auth) with one notification endpoint: `url`, sending
 * `Authorization: Bearer <token>`; blob events are not sent.
 */
export async function startNotifyingRegistry(
  port: number,
  url: string,
  token: string,
): Promise<NotifyingRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-notify-registry-"));
  const host = `127.0.0.1:${port}`;
  const config = [
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${join(dir, "data")}`,
    "http:",
    `  addr: ${host}`,
    "  secret: vigil-test-secret",
    "notifications:",
    "  endpoints:",
    "    - name: vigil",
    `      url: ${url}`,
    "      headers:",
    `        Authorization: [Bearer ${token}]`,
    "      timeout: 5s",
    "      threshold: 5",
    "      backoff: 1s",
    "      ignoredmediatypes:",
    "        - application/octet-stream",
  ].join("\n");
  writeFileSync(join(dir, "config.yml"), `${config}\n`);
  const logFile = join(dir, "registry.log");
  const out = openSync(logFile, "a");
  const child: ChildProcess = spawn("docker-registry", ["serve", join(dir, "config.yml")], {
    stdio: ["ignore", out, out],
  });
  const log = () => readFileSync(logFile, "utf8");
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${log().slice(-2000)}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (i > 100) throw new Error(`docker-registry did not come up on ${host}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    host,
    log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once("exit", ok));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** OCI layout images for the tests. */
export interface TestImages {
  /** `oci:<dir>:app`: bookworm plus /app/package-lock.json of express + lodash 4.17.15 (npm findings). */
  app: string;
  /** `oci:<dir>:bookworm`: the bookworm base alone. */
  base: string;
  /** Nothing to do: the images are removed when the process exits. */
  remove(): void;
}

let built: Promise<TestImages> | undefined;

/**
 * Builds the test images once per process: a copy of the fixture layout, its bookworm image unpacked,
 * the npm project added under /app, repacked as a new layer (`umoci repack`).
 */
export function buildTestImages(): Promise<TestImages> {
  built ??= (async () => {
    const fx = imageFixtures();
    const dir = mkdtempSync(join(tmpdir(), "vigil-registry-images-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const layout = join(dir, "layout");
    cpSync(join(fx, "layout"), layout, { recursive: true });
    const bundle = join(dir, "bundle");
    await run("umoci", ["unpack", "--rootless", "--image", `${layout}:bookworm`, bundle]);
    const app = join(bundle, "rootfs/app");
    mkdirSync(app);
    for (const f of readdirSync(EXPRESS_LODASH))
      writeFileSync(join(app, f), readFileSync(join(EXPRESS_LODASH, f)));
    await run("umoci", ["repack", "--image", `${layout}:app`, bundle]);
    rmSync(bundle, { recursive: true, force: true });
    return { app: `oci:${layout}:app`, base: `oci:${layout}:bookworm`, remove: () => undefined };
  })();
  return built;
}

/** `skopeo copy` to the loopback registry (plain HTTP), with `user:password` when given. */
export async function skopeoPush(from: string, to: string, creds?: string): Promise<void> {
  await run("skopeo", [
    "copy",
    "--quiet",
    "--dest-tls-verify=false",
    ...(creds === undefined ? [] : ["--dest-creds", creds]),
    from,
    `docker://${to}`,
  ]);
}

/** A pull by a client (skopeo reads the manifest): the registry sends a `pull` event. */
export async function skopeoPull(ref: string): Promise<void> {
  await run("skopeo", ["inspect", "--tls-verify=false", `docker://${ref}`]);
}

/** Waits until `check` returns a value (not undefined), polling; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}
