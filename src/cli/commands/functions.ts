import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { errorMessage, InputError, VigilError } from "../../errors.js";

interface ServerCliOptions {
  server?: string;
  token?: string;
  accountId?: string;
  json?: boolean;
}

interface DeployCliOptions extends ServerCliOptions {
  name: string;
  runtime: string;
  zip: string;
  layer: string[];
  tag: string[];
  wait?: boolean;
  waitTimeout: string;
}

/** The server's body limit for a deploy (src/service/http/routes/functions.ts FUNCTION_BODY_LIMIT). */
const BODY_LIMIT = 64 * 1024 * 1024;

const repeatable = (v: string, all: string[]) => [...all, v];

function serverOptions(cmd: Command): Command {
  return cmd
    .option("--server <url>", "the Vigil server, e.g. http://127.0.0.1:8080 (or $VIGIL_SERVER)")
    .option("--token <key>", "API key (or $VIGIL_TOKEN)")
    .option("--account-id <id>", "delegated administrator: act on this member account")
    .option("--json", "print the server's JSON answer");
}

function connection(opts: ServerCliOptions): { server: string; token: string } {
  const server = opts.server ?? process.env.VIGIL_SERVER;
  const token = opts.token ?? process.env.VIGIL_TOKEN;
  if (!server)
    throw new InputError(
      "--server",
      "give the Vigil server URL: --server http://HOST:PORT or set VIGIL_SERVER",
    );
  if (!token) throw new InputError("--token", "give an API key: --token KEY or set VIGIL_TOKEN");
  return { server, token };
}

/** `k=v` tags (`vigil:exclude` alone is the tag with an empty value). */
export function parseTags(values: readonly string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const tags: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf("=");
    const key = (i < 0 ? v : v.slice(0, i)).trim();
    if (key === "")
      throw new InputError("--tag", `${JSON.stringify(v)} has no key: write KEY=VALUE (or KEY alone)`);
    tags[key] = i < 0 ? "" : v.slice(i + 1);
  }
  return tags;
}

/** Reads a zip given on the command line, naming the option and file when it cannot. */
async function readZip(path: string, option: string): Promise<Buffer> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new InputError(`${option} ${path}`, "not a file: give the zip archive");
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${option} ${path}`, `cannot read: ${errorMessage(e)}`);
  }
  if (size > BODY_LIMIT) {
    throw new InputError(`${option} ${path}`, `${size} bytes: a deploy takes at most about 48 MiB of zips`);
  }
  const data = await readFile(path);
  const magic = data.subarray(0, 4).toString("latin1");
  if (magic !== "PK\u0003\u0004" && magic !== "PK\u0005\u0006") {
    throw new InputError(`${option} ${path}`, "not a zip archive: give the deployment package (.zip)");
  }
  return data;
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** `vigil functions deploy` and `vigil functions list`: functions on a Vigil server. */
export function registerFunctionCommands(program: Command): void {
  const functions = program
    .command("functions")
    .description(
      "deploy functions (zip bundle, runtime, layers) to a Vigil server for monitoring, and list them",
    );

  serverOptions(
    functions
      .command("deploy")
      .description(
        "send a function's bundle to the server: a new version when the runtime, code or layers changed (inventoried and matched there), else nothing",
      )
      .requiredOption("--name <name>", "function name (letters, digits, - and _, up to 64)")
      .requiredOption("--runtime <id>", "Lambda runtime identifier: nodejs20.x, python3.12, java21, go1.x...")
      .requiredOption("--zip <path>", "the deployment package zip")
      .option(
        "--layer <zip>",
        "a layer zip, mounted under /opt (repeatable, in order; at most 5)",
        repeatable,
        [],
      )
      .option(
        "--tag <k=v>",
        "set the function's tags, e.g. --tag vigil:exclude=code (repeatable)",
        repeatable,
        [],
      )
      .option("--wait", "wait for the server to inventory the new version, then print its open findings")
      .option("--wait-timeout <seconds>", "how long --wait waits", "120"),
  ).action(async (opts: DeployCliOptions) => {
    const { server, token } = connection(opts);
    const { FUNCTION_NAME, MAX_LAYERS } = await import("../../service/discovery/functions/limits.js");
    const { parseFunctionRuntime, RUNTIME_EXAMPLES } = await import(
      "../../service/discovery/functions/runtimes.js"
    );
    if (!FUNCTION_NAME.test(opts.name)) {
      throw new InputError(
        "--name",
        `${JSON.stringify(opts.name)}: use 1 to 64 letters, digits, hyphens or underscores`,
      );
    }
    if (parseFunctionRuntime(opts.runtime) === undefined) {
      throw new InputError(
        "--runtime",
        `unknown runtime ${JSON.stringify(opts.runtime)}: use one such as ${RUNTIME_EXAMPLES}`,
      );
    }
    if (opts.layer.length > MAX_LAYERS)
      throw new InputError("--layer", `${opts.layer.length} layers: at most ${MAX_LAYERS}`);
    const waitSeconds = Number(opts.waitTimeout);
    if (!Number.isFinite(waitSeconds) || waitSeconds <= 0) {
      throw new InputError("--wait-timeout", `${opts.waitTimeout} is not a positive number of seconds`);
    }
    const tags = parseTags(opts.tag);
    const code = await readZip(opts.zip, "--zip");
    const layers = [];
    for (const l of opts.layer)
      layers.push({ name: basename(l).replace(/\.zip$/i, ""), zip: await readZip(l, "--layer") });
    const total = [code, ...layers.map((l) => l.zip)].reduce((n, b) => n + Math.ceil(b.length / 3) * 4, 0);
    if (total > BODY_LIMIT - 64 * 1024) {
      throw new InputError(
        "--zip",
        `the zips are ${total} bytes base64-encoded: a deploy takes at most ${BODY_LIMIT}`,
      );
    }
    const client = await import("../../client/functions.js");
    const result = await client.deployFunctionRemote(server, token, opts.name, {
      runtime: opts.runtime,
      code: { zipFile: code.toString("base64") },
      ...(layers.length > 0
        ? { layers: layers.map((l) => ({ name: l.name, zipFile: l.zip.toString("base64") })) }
        : {}),
      ...(tags === undefined ? {} : { tags }),
      ...(opts.accountId === undefined ? {} : { accountId: opts.accountId }),
    });
    let fn = result.function;
    if (opts.wait && result.jobId !== null) {
      const deadline = Date.now() + waitSeconds * 1000;
      for (;;) {
        fn = await client.getFunctionRemote(server, token, opts.name, opts.accountId);
        if (fn.version !== result.function.version || fn.scan.status !== "PENDING") break;
        if (Date.now() > deadline) {
          throw new VigilError(
            "TIMEOUT",
            `function ${opts.name}: version ${result.function.version} was not inventoried within ${waitSeconds} s (is the server's job worker running?)`,
          );
        }
        await sleep(300);
      }
    }
    const findings = opts.wait ? await client.openFindingCounts(server, token, fn.resource.id) : undefined;
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ ...result, function: fn, ...(findings ? { openFindings: findings } : {}) }, null, 2)}\n`,
      );
      return;
    }
    process.stderr.write(`vigil: ${result.message}\n`);
    process.stdout.write(
      `${fn.name}\tversion ${fn.version}\t${fn.runtime}\tcode sha256:${fn.codeSha256}\t${fn.layers.length} layer(s)\tscan ${fn.scan.status}\tcoverage ${fn.resource.coverage.status}${fn.resource.coverage.reason ? ` (${fn.resource.coverage.reason})` : ""}\n`,
    );
    if (fn.scan.error)
      process.stderr.write(`vigil: the server could not read the bundle: ${fn.scan.error}\n`);
    if (findings) {
      const parts = Object.entries(findings.bySeverity)
        .sort()
        .map(([s, n]) => `${n} ${s}`);
      process.stdout.write(
        `${findings.total} open finding(s)${parts.length > 0 ? `: ${parts.join(", ")}` : ""}\n`,
      );
    }
  });

  serverOptions(
    functions.command("list").description("list the functions on the server with their latest version"),
  ).action(async (opts: ServerCliOptions) => {
    const { server, token } = connection(opts);
    const { listFunctionsRemote } = await import("../../client/functions.js");
    const items = await listFunctionsRemote(server, token, opts.accountId);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
      return;
    }
    for (const f of items) {
      process.stdout.write(
        `${f.name}\tversion ${f.version}\t${f.runtime}\tscan ${f.scan.status}\tcoverage ${f.resource.coverage.status}${f.resource.coverage.reason ? ` (${f.resource.coverage.reason})` : ""}\n`,
      );
    }
    if (items.length === 0) process.stderr.write("vigil: no functions deployed\n");
  });
}
