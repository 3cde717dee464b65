import { realpathSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { InputError } from "../../errors.js";

interface AgentCliOptions {
  server?: string;
  token?: string;
  root: string;
  stateDir: string;
  heartbeat: string;
  fullReport: string;
  name?: string;
  logLevel: string;
  printSystemdUnit?: boolean;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;

/** "500ms", "30s", "5m", "2h", "1d" -> milliseconds. */
export function parseDuration(option: string, text: string, minMs: number): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  const unit = m ? { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s"] : 0;
  const ms = m ? Number(m[1]) * unit : Number.NaN;
  if (!Number.isFinite(ms) || ms < minMs) {
    throw new InputError(
      option,
      `${JSON.stringify(text)} is not a duration of at least ${minMs / 1000}s (e.g. 30s, 5m, 1h, 1d)`,
    );
  }
  return ms;
}

/** How this process was started, for the unit's ExecStart: node and the CLI script. */
function selfCommand(): string {
  const script = process.argv[1];
  if (script === undefined) return "/usr/bin/vigil";
  let path = script;
  try {
    path = realpathSync(script);
  } catch {
    // keep the path as given
  }
  return `${process.execPath} ${path}`;
}

/** `vigil agent`: the host agent. */
export function registerAgentCommand(program: Command): void {
  program
    .command("agent")
    .description(
      "run the host agent: send this host's inventory to a Vigil server at start, on package changes and as a heartbeat",
    )
    .option("--server <url>", "the Vigil server, e.g. https://vigil.example.com (default $VIGIL_SERVER)")
    .option("--token <key>", "API key of the host's account (default $VIGIL_TOKEN; prefer the variable)")
    .option("--root <dir>", "the host's root directory", "/")
    .option("--state-dir <dir>", "where unsent reports wait (offline queue)", "/var/lib/vigil-agent")
    .option("--heartbeat <duration>", "heartbeat interval", "5m")
    .option("--full-report <duration>", "send the whole inventory at least this often", "24h")
    .option("--name <host>", "the host's name in Vigil (default: the hostname)")
    .option("--log-level <level>", `${LEVELS.join(", ")}`, "info")
    .option("--print-systemd-unit", "print a systemd unit that runs this agent, and exit")
    .action(async (opts: AgentCliOptions) => {
      const heartbeatMs = parseDuration("--heartbeat", opts.heartbeat, 1000);
      const fullReportMs = parseDuration("--full-report", opts.fullReport, 60_000);
      if (!(LEVELS as readonly string[]).includes(opts.logLevel)) {
        throw new InputError(
          "--log-level",
          `${JSON.stringify(opts.logLevel)}: use one of ${LEVELS.join(", ")}`,
        );
      }
      if (opts.printSystemdUnit) {
        const { systemdUnit } = await import("../../agent/systemd.js");
        const flags = [
          ...(opts.heartbeat === "5m" ? [] : ["--heartbeat", opts.heartbeat]),
          ...(opts.fullReport === "24h" ? [] : ["--full-report", opts.fullReport]),
          ...(opts.name === undefined ? [] : ["--name", opts.name]),
          ...(opts.root === "/" ? [] : ["--root", resolve(opts.root)]),
        ];
        process.stdout.write(
          systemdUnit({ execStart: selfCommand(), stateDir: resolve(opts.stateDir), flags }),
        );
        return;
      }
      const server = opts.server ?? process.env.VIGIL_SERVER;
      const token = opts.token ?? process.env.VIGIL_TOKEN;
      if (server === undefined || server === "") {
        throw new InputError("--server", "is required: pass --server URL or set VIGIL_SERVER");
      }
      let url: URL;
      try {
        url = new URL(server);
      } catch {
        throw new InputError(
          "--server",
          `${JSON.stringify(server)} is not a URL (e.g. https://vigil.example.com)`,
        );
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new InputError("--server", `${JSON.stringify(server)}: use an http:// or https:// URL`);
      }
      if (token === undefined || token === "") {
        throw new InputError("--token", "is required: set VIGIL_TOKEN (or pass --token KEY)");
      }
      const minLevel = LEVELS.indexOf(opts.logLevel as (typeof LEVELS)[number]);
      const log = (level: (typeof LEVELS)[number], message: string) => {
        if (LEVELS.indexOf(level) >= minLevel) {
          process.stderr.write(`vigil agent: ${level === "info" ? "" : `${level}: `}${message}\n`);
        }
      };
      const { Agent } = await import("../../agent/agent.js");
      const { hostNameOf } = await import("../../host/collect.js");
      const root = resolve(opts.root);
      const st = await stat(root).catch(() => undefined);
      if (st === undefined || !st.isDirectory()) {
        throw new InputError("--root", `${root} is not a directory: give the host's root (default /)`);
      }
      const agent = new Agent({
        server: url.href,
        token,
        root,
        stateDir: resolve(opts.stateDir),
        hostName: await hostNameOf(root, opts.name),
        heartbeatMs,
        fullReportMs,
        log,
      });
      await agent.start();
      const onSignal = (s: NodeJS.Signals) => {
        log("info", `${s}: stopping (unsent reports stay queued)`);
        void agent.stop();
      };
      process.once("SIGTERM", onSignal);
      process.once("SIGINT", onSignal);
      const exit = await agent.done;
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      if (exit.code !== 0) {
        process.stderr.write(`vigil agent: ${exit.message ?? "stopped"}\n`);
        process.exitCode = exit.code;
      }
    });
}
