/**
 * A real OCI registry for tests: Debian's docker-registry (distribution 2.8) on a free loopback port,
 * storage in a temp dir. Auth is either none (anonymous) or Docker token auth: a small token service
 * (in this process, at `/token` on the registry's own origin through a front door) checks basic
 * credentials and signs RS256 JWTs with a throwaway key whose self-signed certificate (made with
 * openssl) is the registry's rootcertbundle — the flow real registries (Docker Hub, GHCR, Harbor) use.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { createSign, randomUUID } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const TEST_USER = "vigil";
export const TEST_PASSWORD = "s3cret-pull";

/** A running registry. */
export interface TestRegistry {
  /** "127.0.0.1:<port>" */
  host: string;
  /** The registry's storage root (docker/registry/v2/blobs/sha256/<xx>/<hex>/data). */
  storage: string;
  /** Token requests the token service answered (to check the flow was used). */
  tokenRequests: { authorized: boolean; scope: string | null }[];
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** A token service: basic credentials get pull+push on everything, anonymous gets pull on "public/..." only. */
function tokenService(
  keyPem: string,
  certDer: Buffer,
  service: string,
  issuer: string,
  log: TestRegistry["tokenRequests"],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const auth = req.headers.authorization;
    const expected = `Basic ${Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString("base64")}`;
    if (auth !== undefined && auth !== expected) {
      res.writeHead(401).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED" }] }));
      return;
    }
    const authorized = auth === expected;
    const scopes = url.searchParams.getAll("scope");
    log.push({ authorized, scope: scopes.join(" ") || null });
    const access = scopes.flatMap((s) => {
      const [type, name, actions] = s.split(":");
      if (type !== "repository" || name === undefined || actions === undefined) return [];
      const wanted = actions.split(",");
      const granted = authorized
        ? wanted
        : name.startsWith("public/")
          ? wanted.filter((a) => a === "pull")
          : [];
      return [{ type, name, actions: granted }];
    });
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", x5c: [certDer.toString("base64")] }));
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: authorized ? TEST_USER : "",
        aud: service,
        exp: now + 600,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = createSign("RSA-SHA256").update(`${header}.${claims}`).sign(keyPem);
    const token = `${header}.${claims}.${b64url(signature)}`;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ token, access_token: token, expires_in: 600, issued_at: new Date().toISOString() }),
    );
  };
}

/**
 * The registry's front door: `/token` answered by `token`, everything else passed to docker-registry on
 * `upstream` (Host kept, so the registry's upload URLs name the front door). The token service then sits
 * on the registry's own origin, as on GHCR, Quay or Harbor: Vigil sends credentials only there.
 */
function frontDoor(upstream: number, token: (req: IncomingMessage, res: ServerResponse) => void): Server {
  return createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://x").pathname === "/token") {
      token(req, res);
      return;
    }
    const up = httpRequest(
      { host: "127.0.0.1", port: upstream, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
}

/** A running docker-registry process. */
export interface RegistryProcess {
  /** "127.0.0.1:<port>" */
  host: string;
  /** The registry's storage root. */
  storage: string;
  /** The registry's log (notification delivery failures show here). */
  log(): string;
  /** Stops the registry and removes `dir`. */
  stop(): Promise<void>;
}

/**
 * Starts docker-registry on 127.0.0.1:`port` with its config, storage and log in `dir` (removed on
 * stop) and `extra` appended to the config (top-level sections: auth, notifications); resolves when
 * /v2/ answers.
 */
export async function serveRegistry(dir: string, port: number, extra: string[]): Promise<RegistryProcess> {
  const host = `127.0.0.1:${port}`;
  const storage = join(dir, "data");
  const config = [
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${storage}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: ${host}`,
    "  secret: vigil-test-secret",
    ...extra,
  ].join("\n");
  writeFileSync(join(dir, "config.yml"), `${config}\n`);
  const logFile = join(dir, "registry.log");
  const out = openSync(logFile, "a");
  const child = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: ["ignore", out, out] });
  const log = () => readFileSync(logFile, "utf8");
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUp(host, child, log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { host, storage, log, stop };
}

async function waitUp(host: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${log().slice(-2000)}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`docker-registry did not come up on ${host}`);
}

/** Starts docker-registry (and, with auth "token", a token service). */
export async function startRegistry(auth: "none" | "token"): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-registry-"));
  const port = await freePort();
  const tokenRequests: TestRegistry["tokenRequests"] = [];
  let front: Server | undefined;
  let authBlock: string[] = [];
  if (auth === "token") {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem"].concat([
        "-days",
        "2",
        "-subj",
        "/CN=vigil-test-token-issuer",
      ]),
      { cwd: dir, stdio: "ignore" },
    );
    const keyPem = readFileSync(join(dir, "key.pem"), "utf8");
    const certPem = readFileSync(join(dir, "cert.pem"), "utf8");
    const certDer = Buffer.from(certPem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    const token = tokenService(keyPem, certDer, "vigil-test-registry", "vigil-test-issuer", tokenRequests);
    const server = frontDoor(port, token);
    front = server;
    const frontPort = await new Promise<number>((ok) =>
      server.listen(0, "127.0.0.1", () => {
        const a = server.address();
        ok(typeof a === "object" && a !== null ? a.port : 0);
      }),
    );
    authBlock = [
      "auth:",
      "  token:",
      `    realm: http://127.0.0.1:${frontPort}/token`,
      "    service: vigil-test-registry",
      "    issuer: vigil-test-issuer",
      `    rootcertbundle: ${join(dir, "cert.pem")}`,
    ];
  }
  const registry = await serveRegistry(dir, port, authBlock);
  const address = front?.address();
  return {
    host: typeof address === "object" && address !== null ? `127.0.0.1:${address.port}` : registry.host,
    storage: registry.storage,
    tokenRequests,
    async stop() {
      await registry.stop();
      front?.closeAllConnections();
      await new Promise<void>((ok) => (front === undefined ? ok() : front.close(() => ok())));
    },
  };
}

/**
 * Pushes an image with skopeo (plain HTTP to the loopback registry, credentials when given). Async:
 * the token service runs in this process and must keep answering while skopeo waits on it.
 */
export async function push(
  from: string,
  to: string,
  credentials = true,
  extra: string[] = [],
): Promise<void> {
  const creds = credentials ? ["--dest-creds", `${TEST_USER}:${TEST_PASSWORD}`] : [];
  await promisify(execFile)("skopeo", [
    "copy",
    "--quiet",
    "--all",
    "--dest-tls-verify=false",
    ...creds,
    ...extra,
    from,
    `docker://${to}`,
  ]);
}
