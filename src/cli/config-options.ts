/**
 * The flags of the configured commands, from the one schema (`src/config/schema.ts`): each setting's flag
 * with its variable and default in the help, `--config FILE` and `--print-config`; and the command's
 * effective configuration from what it was given.
 */
import type { Command } from "commander";
import { type Config, flagName, loadConfig, settingsOf } from "../config/load.js";
import type { ConfigCommand } from "../config/schema.js";
import { defaultDbPath } from "../intel/db/location.js";
import { defaultDataDir } from "../service/db/location.js";

/** Adds the settings of `command` as flags (no commander defaults: an unset flag leaves the value to env, file, default). */
export function configOptions(cmd: Command, command: ConfigCommand): Command {
  cmd.option("--config <file>", "YAML config file (default $VIGIL_CONFIG); see docs/configuration.md");
  if (command !== "accounts") {
    cmd.option(
      "--print-config",
      "print the effective configuration with where each value came from, and exit",
    );
  }
  for (const s of settingsOf(command)) {
    if (s.flag === undefined) continue;
    const def = s.default ?? s.defaultText?.replaceAll("`", "");
    const details = [
      def === undefined ? undefined : `default ${def}`,
      s.env === undefined ? undefined : `env ${s.env}`,
    ]
      .filter((x) => x !== undefined)
      .join("; ");
    cmd.option(s.flag, `${s.flagDescription ?? s.description} (${details})`);
  }
  return cmd;
}

/**
 * The effective configuration of `command`: the flags given on the command line, the environment, the
 * config file, the defaults.
 * @throws ConfigError naming every bad flag, variable and file line
 */
export function configOf(
  cmd: Command,
  command: ConfigCommand,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const opts = cmd.opts<Record<string, unknown>>();
  const flags: Record<string, string | boolean> = {};
  for (const s of settingsOf(command)) {
    const long = flagName(s);
    const option = cmd.options.find((o) => o.long === long);
    if (option === undefined) continue;
    const attr = option.attributeName();
    if (cmd.getOptionValueSource(attr) !== "cli") continue;
    const v = opts[attr];
    if (typeof v === "string" || typeof v === "boolean") flags[s.key] = v;
  }
  const withoutOwn = { ...env, VIGIL_DATA: "", VIGIL_DB: "" };
  return loadConfig({
    command,
    flags,
    env,
    configFile: typeof opts.config === "string" ? opts.config : undefined,
    defaults: { "service.data": defaultDataDir(withoutOwn), "service.vulnDb": defaultDbPath(withoutOwn) },
  });
}
