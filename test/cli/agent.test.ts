import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { vigilArgs } from "../support/cli.js";

function vigil(...args: string[]) {
  const env = { ...process.env };
  delete env.VIGIL_SERVER;
  delete env.VIGIL_TOKEN;
  return spawnSync(process.execPath, vigilArgs(...args), { encoding: "utf8", env, timeout: 60_000 });
}

test("vigil agent --print-systemd-unit prints a unit that runs this vigil with the key in an EnvironmentFile", () => {
  const r = vigil(
    "agent",
    "--print-systemd-unit",
    "--state-dir",
    "/var/lib/vigil-agent",
    "--heartbeat",
    "1m",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^ExecStart=\S+node\S* \S+dist\/cli\/bin\.js agent --state-dir \/var\/lib\/vigil-agent --heartbeat 1m$/m,
  );
  assert.match(r.stdout, /^EnvironmentFile=\/etc\/vigil\/agent\.env$/m);
  assert.match(r.stdout, /^RestartPreventExitStatus=2$/m);
});

test("vigil agent: a missing server, a bad duration, a missing root or an unusable state directory is a usage error (exit 2) naming it", () => {
  let r = vigil("agent", "--token", "vigil_x");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--server: is required: pass --server URL or set VIGIL_SERVER/);
  r = vigil("agent", "--server", "http://127.0.0.1:9", "--token", "vigil_x", "--heartbeat", "5x");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--heartbeat: "5x" is not a duration/);
  const base = ["agent", "--server", "http://127.0.0.1:9", "--token", "vigil_x"];
  r = vigil(...base, "--root", "/nonexistent-root");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--root: \/nonexistent-root is not a directory/);
  r = vigil(...base, "--state-dir", "/etc/hostname/state");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\/etc\/hostname\/state: cannot use it as the agent's state directory/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
