/**
 * A real OpenSSH server on loopback for agentless tests: its own host key, one authorized client key,
 * key authentication only, the internal SFTP server. Started as the current user (root in CI: sshd then
 * needs its privilege separation directory, created when missing).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export const SSHD = "/usr/sbin/sshd";

/** Why agentless tests cannot run here, or false. */
export function sshdSkipReason(): string | false {
  if (!existsSync(SSHD)) return `${SSHD} not found: install openssh-server (listed in .ci/apt-packages.txt)`;
  try {
    execFileSync("ssh-keygen", ["-?"], { stdio: "ignore" });
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return "ssh-keygen not found: install openssh-client";
  }
  return false;
}

/** A running sshd and the keys a test needs. */
export interface Sshd {
  port: number;
  username: string;
  /** The client's private key (OpenSSH format), authorized on the server. */
  clientKey: string;
  /** The server's host key line, `ssh-ed25519 AAAA... comment`. */
  hostKeyLine: string;
  /** Another host key's line: a pin that does not match. */
  otherHostKeyLine: string;
  /** What sshd logged so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

function keygen(path: string): void {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "vigil-test", "-f", path]);
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, "127.0.0.1", ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}

/** Resolves once the server sends its SSH banner. */
function banner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.setTimeout(2000);
    s.once("data", (d) => {
      s.destroy();
      resolve(d.toString("latin1").startsWith("SSH-2.0"));
    });
    s.once("error", () => resolve(false));
    s.once("timeout", () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** Starts sshd on a free loopback port. */
export async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-sshd-"));
  keygen(join(dir, "host_ed25519"));
  keygen(join(dir, "other_host_ed25519"));
  keygen(join(dir, "client_ed25519"));
  writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "client_ed25519.pub")), { mode: 0o600 });
  const username = userInfo().username;
  if (process.getuid?.() === 0 && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { mode: 0o755 });
  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      "ListenAddress 127.0.0.1",
      `HostKey ${join(dir, "host_ed25519")}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "StrictModes no",
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "PermitRootLogin prohibit-password",
      `AllowUsers ${username}`,
      "Subsystem sftp internal-sftp",
      "LogLevel VERBOSE",
      "",
    ].join("\n"),
  );
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const out: string[] = [];
    const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", config, "-p", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => out.push(d.toString()));
    child.stderr?.on("data", (d: Buffer) => out.push(d.toString()));
    let exited = false;
    child.once("exit", () => {
      exited = true;
    });
    for (let i = 0; i < 100 && !exited && !(await banner(port)); i++)
      await new Promise((r) => setTimeout(r, 50));
    if (exited) {
      if (attempt < 3 && /Address already in use/.test(out.join(""))) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start:\n${out.join("")}`);
    }
    return {
      port,
      username,
      clientKey: readFileSync(join(dir, "client_ed25519"), "utf8"),
      hostKeyLine: readFileSync(join(dir, "host_ed25519.pub"), "utf8").trim(),
      otherHostKeyLine: readFileSync(join(dir, "other_host_ed25519.pub"), "utf8").trim(),
      log: () => out.join(""),
      stop: async () => {
        if (!exited) {
          const gone = new Promise((ok) => child.once("exit", ok));
          child.kill("SIGTERM");
          await gone;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
