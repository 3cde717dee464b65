import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { vigilArgs } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-cli-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The built CLI with only the given VIGIL_* variables (and a home of its own for the defaults). */
function vigil(env: Record<string, string>, ...args: string[]) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VIGIL_")));
  return spawnSync(process.execPath, vigilArgs(...args), {
    encoding: "utf8",
    env: {
      ...clean,
      HOME: dir,
      XDG_DATA_HOME: join(dir, "data"),
      XDG_CACHE_HOME: join(dir, "cache"),
      ...env,
    },
    timeout: 60_000,
  });
}

test("vigil server --print-config prints flags, variables, file values and defaults with their sources, secrets redacted, and starts nothing", () => {
  const file = join(dir, "vigil.yaml");
  writeFileSync(file, "server:\n  dbUpdateInterval: 6h\n  listen: 10.0.0.1:1\n");
  const r = vigil(
    {
      VIGIL_CONFIG: file,
      VIGIL_LISTEN: "10.0.0.2:2",
      VIGIL_DATABASE_URL: "postgres://vigil:hunter2@db.invalid/vigil",
      VIGIL_SECRET_KEY: "a-secret-that-must-not-show",
    },
    "server",
    "--print-config",
    "--no-worker",
    "--agent-live",
    "30m",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    `# vigil server: effective configuration (flag > environment > file > default)
# config file: ${file} (VIGIL_CONFIG)
service:
  data: ${join(dir, "data", "vigil")}  # default; not used: the other of service.data and service.database wins
  database: postgres://vigil:REDACTED@db.invalid/vigil  # VIGIL_DATABASE_URL
  vulnDb: ${join(dir, "cache", "vigil", "vuln.db")}  # default
  # secretKeyFile: not set
  secretKey: <redacted>  # VIGIL_SECRET_KEY
  allowPrivateTargets: false  # default
  # outboundAllow: not set
server:
  listen: 10.0.0.2:2  # VIGIL_LISTEN
  worker: false  # --no-worker
  logLevel: info  # default
  dbUpdateInterval: 6h  # ${file} line 2
  # dbMirror: not set
  agentLive: 30m  # --agent-live
`,
  );
  assert.doesNotMatch(r.stdout + r.stderr, /hunter2|a-secret-that-must-not-show/);
});

test("vigil worker and vigil agent print their own sections", () => {
  const w = vigil(
    { VIGIL_WORKER_CONCURRENCY: "4" },
    "worker",
    "--print-config",
    "--database",
    "postgres://db.invalid/v",
  );
  assert.equal(w.status, 0, w.stderr);
  assert.match(w.stdout, /^worker:\n {2}concurrency: 4 {2}# VIGIL_WORKER_CONCURRENCY$/m);
  assert.match(w.stdout, /^ {2}database: postgres:\/\/db\.invalid\/v {2}# --database$/m);
  assert.doesNotMatch(w.stdout, /^server:/m);
  const a = vigil({ VIGIL_TOKEN: "vigil_secret" }, "agent", "--print-config", "--heartbeat", "1m");
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /^ {2}token: <redacted> {2}# VIGIL_TOKEN$/m);
  assert.match(a.stdout, /^ {2}heartbeat: 1m {2}# --heartbeat$/m);
  assert.match(a.stdout, /^ {2}# server: not set$/m);
  assert.doesNotMatch(a.stdout, /vigil_secret|^service:/m);
});

test("a bad config file, variable or flag stops vigil server at start (exit 2) listing each problem, no stack trace", () => {
  const file = join(dir, "bad.yaml");
  writeFileSync(file, "server:\n  listen: :8080\n  agent_live: 15m\n  logLevel: loud\n");
  const r = vigil({ VIGIL_DB_UPDATE_INTERVAL: "90" }, "server", "--config", file, "--listen", "8080");
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    new RegExp(`${file} line 3: server\\.agent_live is not a setting: .*did you mean agentLive\\?`),
  );
  assert.match(r.stderr, new RegExp(`${file} line 4: server\\.logLevel: "loud": use one of fatal, error`));
  assert.match(
    r.stderr,
    /VIGIL_DB_UPDATE_INTERVAL \(server\.dbUpdateInterval\): "90" is not a duration of at least 1m/,
  );
  assert.match(r.stderr, /--listen: "8080" is not host:port/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test("the agent reads its server and durations from the config file, and a flag still wins", () => {
  const file = join(dir, "agent.yaml");
  writeFileSync(file, "agent:\n  server: ftp://vigil.example.com\n  heartbeat: 5x\n");
  let r = vigil({ VIGIL_TOKEN: "vigil_x" }, "agent", "--config", file);
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    new RegExp(
      `${file} line 2: agent\\.server: "ftp://vigil\\.example\\.com": use a URL starting with http:// or https://`,
    ),
  );
  assert.match(
    r.stderr,
    new RegExp(`${file} line 3: agent\\.heartbeat: "5x" is not a duration of at least 1s`),
  );
  writeFileSync(file, "agent:\n  heartbeat: 2m\n  name: from-file\n");
  r = vigil({}, "agent", "--config", file, "--print-config", "--heartbeat", "1m");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}heartbeat: 1m {2}# --heartbeat$/m);
  assert.match(r.stdout, new RegExp(`^ {2}name: from-file {2}# ${file} line 3$`, "m"));
  r = vigil({}, "agent", "--config", file, "--print-systemd-unit", "--heartbeat", "1m");
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    new RegExp(
      `^ExecStart=\\S+ \\S+ agent --state-dir /var/lib/vigil-agent --config ${file} --heartbeat 1m$`,
      "m",
    ),
  );
});
