import { spawn, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root. */
export const REPO = resolve(import.meta.dirname, "../..");

/**
 * The built `vigil` executable. CLI tests run the compiled JavaScript, as users do, rather than the
 * TypeScript through tsx (which costs seconds of CPU per spawn); `npm test` builds before testing.
 * @throws when dist/ is missing or older than the sources, saying to run `npm run build`
 */
export const VIGIL_BIN = resolve(REPO, "dist/cli/bin.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (name !== "testdata" && name !== "test-support") newest = Math.max(newest, newestSource(p));
    } else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

let checked = false;

/** Arguments for spawning the built CLI: `spawn(process.execPath, vigilArgs("scan", ...))`. */
export function vigilArgs(...args: string[]): string[] {
  if (!checked) {
    let built: number;
    try {
      built = statSync(VIGIL_BIN).mtimeMs;
    } catch {
      throw new Error(`${VIGIL_BIN} is missing: run \`npm run build\` before the CLI tests`);
    }
    if (newestSource(resolve(REPO, "src")) > built) {
      throw new Error("dist/ is older than src/: run `npm run build` before the CLI tests");
    }
    checked = true;
  }
  return [VIGIL_BIN, ...args];
}

/** A running `vigil server` (the built CLI) and the API key of its one account. */
export interface CliServer {
  /** "http://127.0.0.1:<port>" */
  url: string;
  key: string;
  /** Stops the server and waits for it to exit (the data directory is the caller's). */
  stop(): Promise<void>;
}

/**
 * Creates an account "ops" in the data directory `data` (`vigil accounts create`) and starts
 * `vigil server` on a free loopback port with it and the vulnerability database `vulnDb`.
 */
export async function startCliServer(data: string, vulnDb: string): Promise<CliServer> {
  const created = spawnSync(
    process.execPath,
    vigilArgs("accounts", "create", "--name", "ops", "--json", "--data", data),
    { encoding: "utf8" },
  );
  if (created.status !== 0) throw new Error(`vigil accounts create failed: ${created.stderr}`);
  const key = (JSON.parse(created.stdout) as { apiKey: string }).apiKey;
  const server = spawn(
    process.execPath,
    vigilArgs(
      "server",
      "--listen",
      "127.0.0.1:0",
      "--data",
      data,
      "--vuln-db",
      vulnDb,
      "--log-level",
      "warn",
    ),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let err = "";
    server.stderr.on("data", (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`vigil server exited with ${code}: ${err}`)));
  });
  return {
    url,
    key,
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((ok) => server.once("exit", ok));
      server.kill("SIGTERM");
      await exited;
    },
  };
}
