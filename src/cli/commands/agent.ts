import { realpathSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { type Config, requiredValue, settingValue } from "../../config/load.js";
import { printConfig } from "../../config/print.js";
import { AGENT_LOG_LEVELS } from "../../config/schema.js";
import { InputError } from "../../errors.js";
import { configOf, configOptions } from "../config-options.js";

const LEVELS = AGENT_LOG_LEVELS;

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

/** Flags for the unit's ExecStart: the config file, and the settings given as flags that differ from their defaults. */
function unitFlags(config: Config): string[] {
  const flags: string[] = config.file === undefined ? [] : ["--config", resolve(config.file.path)];
  for (const [key, flag] of [
    ["agent.heartbeat", "--heartbeat"],
    ["agent.fullReport", "--full-report"],
    ["agent.name", "--name"],
    ["agent.root", "--root"],
  ] as const) {
    const e = config.entries.get(key);
    if (e === undefined || e.source.from !== "flag") continue;
    if (key === "agent.root") {
      if (e.text !== "/") flags.push(flag, resolve(e.text));
    } else if (
      !(key === "agent.heartbeat" && e.text === "5m") &&
      !(key === "agent.fullReport" && e.text === "24h")
    ) {
      flags.push(flag, e.text);
    }
  }
  return flags;
}

/** `vigil agent`: the host agent. */
export function registerAgentCommand(program: Command): void {
  const agentCmd = configOptions(
    program
      .command("agent")
      .description(
        "run the host agent: send this host's inventory to a Vigil server at start, on package changes and as a heartbeat",
      )
      .option("--print-systemd-unit", "print a systemd unit that runs this agent, and exit"),
    "agent",
  );
  agentCmd.action(async (opts: { printSystemdUnit?: boolean; printConfig?: boolean }) => {
    const config = configOf(agentCmd, "agent");
    if (opts.printConfig === true) {
      process.stdout.write(printConfig(config));
      return;
    }
    const stateDir = requiredValue<string>(config, "agent.stateDir");
    if (opts.printSystemdUnit) {
      const { systemdUnit } = await import("../../agent/systemd.js");
      process.stdout.write(
        systemdUnit({ execStart: selfCommand(), stateDir: resolve(stateDir), flags: unitFlags(config) }),
      );
      return;
    }
    const server = requiredValue<string>(config, "agent.server");
    const url = new URL(server);
    const token = requiredValue<string>(config, "agent.token");
    const logLevel = requiredValue<(typeof LEVELS)[number]>(config, "agent.logLevel");
    const heartbeatMs = requiredValue<number>(config, "agent.heartbeat");
    const fullReportMs = requiredValue<number>(config, "agent.fullReport");
    const rootSetting = requiredValue<string>(config, "agent.root");
    const name = settingValue<string>(config, "agent.name");
    const minLevel = LEVELS.indexOf(logLevel);
    const log = (level: (typeof LEVELS)[number], message: string) => {
      if (LEVELS.indexOf(level) >= minLevel) {
        process.stderr.write(`vigil agent: ${level === "info" ? "" : `${level}: `}${message}\n`);
      }
    };
    const { Agent } = await import("../../agent/agent.js");
    const { hostNameOf } = await import("../../host/collect.js");
    const root = resolve(rootSetting);
    const st = await stat(root).catch(() => undefined);
    if (st === undefined || !st.isDirectory()) {
      throw new InputError("--root", `${root} is not a directory: give the host's root (default /)`);
    }
    const agent = new Agent({
      server: url.href,
      token,
      root,
      stateDir: resolve(stateDir),
      hostName: await hostNameOf(root, name),
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
