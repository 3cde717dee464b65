import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ConfigError, type ConfigInputs, databaseOf, loadConfig, requiredValue } from "./load.js";
import { printConfig } from "./print.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(text: string): string {
  const path = join(dir, `vigil-${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

const DEFAULTS = { "service.data": "/default/data", "service.vulnDb": "/default/vuln.db" };

function load(over: Partial<ConfigInputs>) {
  return loadConfig({ command: "server", flags: {}, env: {}, defaults: DEFAULTS, ...over });
}

/** The problems of a configuration that must not load. */
function problems(over: Partial<ConfigInputs>): readonly string[] {
  try {
    load(over);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.problems;
  }
  assert.fail("the configuration loaded");
}

test("precedence: flag beats environment beats file beats default, and each value says where it came from", () => {
  const path = file("server:\n  listen: 10.0.0.1:1\n  agentLive: 20m\n  logLevel: warn\n");
  const env = { VIGIL_LISTEN: "10.0.0.2:2", VIGIL_HYBRID_AGENT_LIVE: "30m" };
  const c = load({ configFile: path, env, flags: { "server.listen": "10.0.0.3:3" } });
  assert.deepEqual(requiredValue(c, "server.listen"), { host: "10.0.0.3", port: 3 });
  assert.deepEqual(c.entries.get("server.listen")?.source, { from: "flag", name: "--listen" });
  assert.equal(requiredValue(c, "server.agentLive"), 30 * 60_000);
  assert.deepEqual(c.entries.get("server.agentLive")?.source, {
    from: "env",
    name: "VIGIL_HYBRID_AGENT_LIVE",
  });
  assert.equal(requiredValue(c, "server.logLevel"), "warn");
  assert.deepEqual(c.entries.get("server.logLevel")?.source, { from: "file", path, line: 4 });
  assert.equal(requiredValue(c, "server.worker"), true);
  assert.deepEqual(c.entries.get("server.worker")?.source, { from: "default" });
  assert.equal(requiredValue(c, "service.vulnDb"), "/default/vuln.db");
});

test("the config file comes from --config, else VIGIL_CONFIG; an empty variable counts as unset", () => {
  const a = file("server:\n  logLevel: warn\n");
  const b = file("server:\n  logLevel: error\n");
  assert.equal(requiredValue(load({ configFile: a, env: { VIGIL_CONFIG: b } }), "server.logLevel"), "warn");
  const byEnv = load({ env: { VIGIL_CONFIG: b } });
  assert.equal(requiredValue(byEnv, "server.logLevel"), "error");
  assert.deepEqual(byEnv.file, { path: b, namedBy: "VIGIL_CONFIG" });
  assert.equal(requiredValue(load({ env: { VIGIL_LOG_LEVEL: " " } }), "server.logLevel"), "info");
});

test("a negated flag (--no-worker) beats VIGIL_WORKER; booleans read true/false/1/0", () => {
  assert.equal(
    requiredValue(
      load({ flags: { "server.worker": false }, env: { VIGIL_WORKER: "true" } }),
      "server.worker",
    ),
    false,
  );
  assert.equal(requiredValue(load({ env: { VIGIL_WORKER: "0" } }), "server.worker"), false);
  assert.equal(
    requiredValue(load({ configFile: file("server:\n  worker: false\n") }), "server.worker"),
    false,
  );
});

test("a command reads only its settings: the worker ignores server.listen, the agent the service section", () => {
  const path = file(
    "service:\n  vulnDb: /v.db\nserver:\n  listen: :9\nworker:\n  concurrency: 8\nagent:\n  heartbeat: 1m\n",
  );
  const w = loadConfig({ command: "worker", flags: {}, env: {}, configFile: path, defaults: DEFAULTS });
  assert.equal(requiredValue(w, "worker.concurrency"), 8);
  assert.equal(requiredValue(w, "service.vulnDb"), "/v.db");
  assert.equal(w.entries.has("server.listen"), false);
  const a = loadConfig({ command: "agent", flags: {}, env: {}, configFile: path });
  assert.equal(requiredValue(a, "agent.heartbeat"), 60_000);
  assert.equal(a.entries.has("service.vulnDb"), false);
});

test("error shapes: a flag names the flag, a variable names itself and the setting, a file names its line and the setting; each says what is allowed", () => {
  assert.deepEqual(problems({ flags: { "server.listen": "8080" } }), [
    '--listen: "8080" is not host:port (e.g. 127.0.0.1:8080, [::1]:8080, :8080)',
  ]);
  assert.deepEqual(problems({ env: { VIGIL_DB_UPDATE_INTERVAL: "90" } }), [
    'VIGIL_DB_UPDATE_INTERVAL (server.dbUpdateInterval): "90" is not a duration of at least 1m: write a number and a unit (ms, s, m, h, d), e.g. 90s, 15m, 2h or 7d, or off',
  ]);
  const path = file("server:\n  listen: :8080\n  logLevel: loud\n");
  assert.deepEqual(problems({ configFile: path }), [
    `${path} line 3: server.logLevel: "loud": use one of fatal, error, warn, info, debug, trace, silent`,
  ]);
  const w = join(dir, "w.yaml");
  writeFileSync(w, "worker:\n  concurrency: 100\n");
  assert.throws(
    () => loadConfig({ command: "worker", flags: {}, env: {}, configFile: w, defaults: DEFAULTS }),
    { message: `${w} line 2: worker.concurrency: 100 is not a number from 1 to 64` },
  );
  assert.deepEqual(problems({ env: { VIGIL_DATABASE_URL: "mysql://x/y" } }), [
    'VIGIL_DATABASE_URL (service.database): "mysql://x/y": use a URL starting with postgres:// or postgresql:// (e.g. postgres://vigil@127.0.0.1:5432/vigil)',
  ]);
});

test("every problem is reported at once, a bad variable even when a flag overrides it", () => {
  const p = problems({
    flags: { "server.listen": ":1", "server.agentLive": "5x" },
    env: { VIGIL_LISTEN: "nope", VIGIL_WORKER: "maybe" },
  });
  assert.deepEqual(p, [
    'VIGIL_LISTEN (server.listen): "nope" is not host:port (e.g. 127.0.0.1:8080, [::1]:8080, :8080)',
    'VIGIL_WORKER (server.worker): "maybe" is not true or false',
    '--agent-live: "5x" is not a duration of at least 1m: write a number and a unit (ms, s, m, h, d), e.g. 90s, 15m, 2h or 7d',
  ]);
});

test("unknown keys in the file are errors, in line order, naming the line, what the section takes and the nearest setting", () => {
  const path = file("server:\n  listen: :8080\n  log_level: warn\n  colour: blue\nagnet:\n  heartbeat: 1m\n");
  assert.deepEqual(problems({ configFile: path }), [
    `${path} line 3: server.log_level is not a setting: server takes listen, worker, logLevel, dbUpdateInterval, dbMirror, agentLive; did you mean logLevel?`,
    `${path} line 4: server.colour is not a setting: server takes listen, worker, logLevel, dbUpdateInterval, dbMirror, agentLive`,
    `${path} line 5: agnet is not a section: use service, server, worker, agent; did you mean agent?`,
  ]);
});

test("a config file that cannot be read, is not YAML or is not a mapping is an error naming it", () => {
  assert.deepEqual(
    problems({ configFile: join(dir, "missing.yaml") }).map((p) => p.replace(/: ENOENT.*/, "")),
    [`--config ${join(dir, "missing.yaml")}: cannot read the config file`],
  );
  const bad = file("server:\n  listen: [:8080\n");
  assert.match(problems({ configFile: bad })[0]!, new RegExp(`^${bad} line \\d+: not valid YAML: `));
  const list = file("- server\n");
  assert.deepEqual(problems({ configFile: list }), [
    `${list}: not a mapping: write sections (service, server, worker, agent) of \`setting: value\` lines`,
  ]);
  const section = file("server: 8080\n");
  assert.deepEqual(problems({ configFile: section }), [
    `${section} line 1: server: not a mapping: write \`setting: value\` lines under it`,
  ]);
  assert.equal(load({ configFile: file("") }).entries.get("server.listen")?.text, "127.0.0.1:8080");
});

test("a required setting missing names the flag, the variable and the file key", () => {
  const c = loadConfig({ command: "agent", flags: {}, env: {} });
  assert.throws(() => requiredValue(c, "agent.server"), {
    message:
      "--server: is required: pass --server URL or set VIGIL_SERVER or agent.server in the config file",
  });
  assert.throws(() => requiredValue(c, "agent.token"), {
    message:
      "--token: is required: set VIGIL_TOKEN or agent.token in a mode-0600 config file or pass --token KEY",
  });
});

test("the database: the higher place wins between data and database; one place with both is an error, except both variables (the URL wins)", () => {
  const db = (over: Partial<ConfigInputs>) => databaseOf(load(over));
  assert.deepEqual(db({}), { data: "/default/data" });
  assert.deepEqual(db({ env: { VIGIL_DATABASE_URL: "postgres://e/f" } }), { url: "postgres://e/f" });
  assert.deepEqual(db({ env: { VIGIL_DATA: "/v" } }), { data: "/v" });
  assert.deepEqual(db({ env: { VIGIL_DATA: "/v", VIGIL_DATABASE_URL: "postgres://e/f" } }), {
    url: "postgres://e/f",
  });
  assert.deepEqual(db({ flags: { "service.data": "/d" }, env: { VIGIL_DATABASE_URL: "postgres://e/f" } }), {
    data: "/d",
  });
  assert.deepEqual(
    db({ env: { VIGIL_DATABASE_URL: "postgres://e/f" }, configFile: file("service:\n  data: /f\n") }),
    { url: "postgres://e/f" },
  );
  assert.throws(
    () => db({ flags: { "service.data": "/d", "service.database": "postgres://x/y" } }),
    /--data and --database exclude each other/,
  );
  const both = file("service:\n  data: /f\n  database: postgres://x/y\n");
  assert.throws(() => db({ configFile: both }), {
    message: `${both} line 3: service.data and service.database exclude each other: SQLite in a directory, or PostgreSQL at a URL`,
  });
});

test("--print-config: the effective configuration as YAML with each value's source, secrets and URL passwords redacted", () => {
  const path = file("server:\n  dbUpdateInterval: 6h\nservice:\n  secretKeyFile: /etc/vigil/key\n");
  const c = load({
    configFile: path,
    env: { VIGIL_DATABASE_URL: "postgres://vigil:hunter2@db:5432/vigil", VIGIL_SECRET_KEY: "c2VjcmV0" },
    flags: { "server.listen": ":8080", "server.worker": false },
  });
  assert.equal(
    printConfig(c),
    `# vigil server: effective configuration (flag > environment > file > default)
# config file: ${path} (--config)
service:
  data: /default/data  # default; not used: the other of service.data and service.database wins
  database: postgres://vigil:REDACTED@db:5432/vigil  # VIGIL_DATABASE_URL
  vulnDb: /default/vuln.db  # default
  secretKeyFile: /etc/vigil/key  # ${path} line 4
  secretKey: <redacted>  # VIGIL_SECRET_KEY
  allowPrivateTargets: false  # default
  # outboundAllow: not set
server:
  listen: ":8080"  # --listen
  worker: false  # --no-worker
  logLevel: info  # default
  dbUpdateInterval: 6h  # ${path} line 2
  # dbMirror: not set
  agentLive: 15m  # default
`,
  );
  assert.doesNotMatch(printConfig(c), /hunter2|c2VjcmV0/);
});
