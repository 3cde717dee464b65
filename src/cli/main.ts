import { Command, CommanderError } from "commander";
import { errorMessage, isVigilError } from "../errors.js";
import { VERSION } from "../version.js";
import { registerAgentCommand } from "./commands/agent.js";
import { registerCodeCommand } from "./commands/code.js";
import { registerDbCommands } from "./commands/db.js";
import { registerFunctionCommands } from "./commands/functions.js";
import { registerSbomCommand } from "./commands/sbom.js";
import { registerScanCommand } from "./commands/scan.js";
import { registerServerCommands } from "./commands/server.js";
import { registerVersionCommands } from "./commands/version.js";

/** Builds the `vigil` command tree. Each command family lives in ./commands and registers itself here. */
export function buildProgram(): Command {
  const program = new Command("vigil")
    .description(
      "Vigil: self-hosted vulnerability management for Linux hosts, images, functions and repositories",
    )
    .version(VERSION, "-V, --version")
    .option("--debug", "print stack traces of internal errors")
    .showHelpAfterError("(add --help for usage)")
    .exitOverride();
  registerVersionCommands(program);
  registerDbCommands(program);
  registerScanCommand(program);
  registerSbomCommand(program);
  registerCodeCommand(program);
  registerServerCommands(program);
  registerFunctionCommands(program);
  registerAgentCommand(program);
  return program;
}

/** Exit codes: 0 ok, 1 policy failure (e.g. `scan --fail-on`), 2 usage or input error, 3 internal error. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0)
        return 0;
      return 2;
    }
    if (isVigilError(e)) {
      process.stderr.write(`vigil: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`vigil: internal error: ${errorMessage(e)}\n`);
    if (program.opts().debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write("(run with --debug for details, and please report it)\n");
    return 3;
  }
}
