/**
 * For the registry tests: Debian's docker-registry on loopback whose `notifications` endpoint is a Vigil
 * test server, and a real image with findings (the bookworm fixture plus an npm project layer added with
 * umoci) pushed with skopeo.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { imageFixtures } from "../../../../test/fixtures-build/images.js";
import { type RegistryProcess, serveRegistry } from "../../../../test/fixtures-build/registry.js";
import { EXPRESS_LODASH } from "../../test-support/fixtures.js";

const run = promisify(execFile);

export { freePort } from "../../../../test/fixtures-build/registry.js";

/** A running registry that notifies Vigil. */
export type NotifyingRegistry = RegistryProcess;

/**
 * Starts docker-registry on `port` (no auth) with one notification endpoint: `url`, sending
 * `Authorization: Bearer <token>`; blob events are not sent.
 */
export function startNotifyingRegistry(port: number, url: string, token: string): Promise<NotifyingRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-notify-registry-"));
  return serveRegistry(dir, port, [
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
  ]);
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
