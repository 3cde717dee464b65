/**
 * Every setting of `vigil server`, `vigil worker`, `vigil agent` (and `vigil accounts create`), in one table:
 * its key in the config file (`section.field`), its flag, its environment variable, what it accepts and its
 * default. The config file's zod schema, the commands' flags, the precedence merge (flag > environment >
 * file > default), `--print-config` and docs/configuration.md are all derived from this table.
 *
 * Over ~400 lines because it is a table: one entry per setting, kept together so the file, the flags, the
 * variables and docs/configuration.md cannot drift apart.
 */
import { createRequire } from "node:module";
import type { z as Zod } from "zod";
import { type DurationRule, durationOf, formatDuration } from "./duration.js";

/** The commands that read a configuration. */
export type ConfigCommand = "server" | "worker" | "agent" | "accounts";

/** What a setting accepts. */
export type Kind =
  | { type: "text" }
  | { type: "path" }
  | { type: "url"; protocols: readonly string[]; example: string }
  | ({ type: "duration" } & DurationRule)
  | { type: "int"; min: number; max: number }
  | { type: "bool" }
  | { type: "enum"; values: readonly string[] }
  | { type: "listen" };

/** One setting. */
export interface Setting {
  /** Where it goes in the config file: `section.field`. */
  key: string;
  /** The flag with its value placeholder (`--listen <host:port>`); a negated boolean is `--no-x`. */
  flag?: string;
  /** The environment variable. */
  env?: string;
  /** A secret: redacted by --print-config (and best given without a flag: command lines are visible). */
  secret?: boolean;
  kind: Kind;
  /** The default as text (parsed like any other value), when it is constant. */
  default?: string;
  /** The default in words, when the command computes it (from the environment). */
  defaultText?: string;
  /** The commands that read it. */
  commands: readonly ConfigCommand[];
  /** What it does, one line. */
  description: string;
  /** The flag's help when it differs from `description` (a negated flag). */
  flagDescription?: string;
}

const SERVICE: readonly ConfigCommand[] = ["server", "worker"];
const DB: readonly ConfigCommand[] = ["server", "worker", "accounts"];
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const AGENT_LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** The settings, in the order of the config file and the documentation. */
export const SETTINGS: readonly Setting[] = [
  {
    key: "service.data",
    flag: "--data <dir>",
    env: "VIGIL_DATA",
    kind: { type: "path" },
    defaultText: "`$XDG_DATA_HOME/vigil`, else `~/.local/share/vigil`",
    commands: DB,
    description:
      "SQLite data directory (the database is DIR/vigil.db); excludes `service.database` given in the same place",
  },
  {
    key: "service.database",
    flag: "--database <url>",
    env: "VIGIL_DATABASE_URL",
    kind: {
      type: "url",
      protocols: ["postgres:", "postgresql:"],
      example: "postgres://vigil@127.0.0.1:5432/vigil",
    },
    commands: DB,
    description: "PostgreSQL URL instead of the data directory (the password is redacted by --print-config)",
  },
  {
    key: "service.vulnDb",
    flag: "--vuln-db <path>",
    env: "VIGIL_DB",
    kind: { type: "path" },
    defaultText: "`$XDG_CACHE_HOME/vigil/vuln.db`, else `~/.cache/vigil/vuln.db`",
    commands: SERVICE,
    description: "the vulnerability database (`vigil db update` writes it)",
  },
  {
    key: "service.secretKeyFile",
    flag: "--secret-key-file <path>",
    env: "VIGIL_SECRET_KEY_FILE",
    kind: { type: "path" },
    commands: SERVICE,
    description:
      "file holding the 32-byte key (base64 or hex) that seals stored credentials; beats `service.secretKey`",
  },
  {
    key: "service.secretKey",
    env: "VIGIL_SECRET_KEY",
    secret: true,
    kind: { type: "text" },
    defaultText: "DATA/secret.key, generated (SQLite only)",
    commands: SERVICE,
    description: "the secret key itself (32 bytes as base64 or hex); the same for every server and worker",
  },
  {
    key: "service.allowPrivateTargets",
    flag: "--allow-private-targets",
    env: "VIGIL_ALLOW_PRIVATE_TARGETS",
    kind: { type: "bool" },
    default: "false",
    commands: SERVICE,
    description:
      "let tenants aim registries, webhooks and SSH targets at loopback, private, link-local and CGNAT addresses (cloud metadata stays refused unless in `service.outboundAllow`)",
  },
  {
    key: "service.outboundAllow",
    flag: "--outbound-allow <cidrs>",
    env: "VIGIL_OUTBOUND_ALLOW",
    kind: { type: "text" },
    commands: SERVICE,
    description:
      "address ranges tenants' outbound connections may reach whatever they are, comma-separated CIDRs (`10.1.0.0/16,127.0.0.1/32`)",
  },
  {
    key: "server.listen",
    flag: "--listen <host:port>",
    env: "VIGIL_LISTEN",
    kind: { type: "listen" },
    default: "127.0.0.1:8080",
    commands: ["server"],
    description: "address to listen on: host:port, [v6]:port or :port (all interfaces)",
  },
  {
    key: "server.worker",
    flag: "--no-worker",
    env: "VIGIL_WORKER",
    kind: { type: "bool" },
    default: "true",
    commands: ["server"],
    description: "run jobs in the server process (false: PostgreSQL with `vigil worker` processes beside it)",
    flagDescription: "do not run jobs in this process (PostgreSQL: run `vigil worker` instead)",
  },
  {
    key: "server.logLevel",
    flag: "--log-level <level>",
    env: "VIGIL_LOG_LEVEL",
    kind: { type: "enum", values: LOG_LEVELS },
    default: "info",
    commands: ["server"],
    description: "server log level",
  },
  {
    key: "server.dbUpdateInterval",
    flag: "--db-update-interval <duration>",
    env: "VIGIL_DB_UPDATE_INTERVAL",
    kind: { type: "duration", minMs: 60_000, off: true },
    defaultText: "unset: the stored schedule is kept",
    commands: ["server"],
    description:
      "update the vulnerability database this often, one job across servers and workers (off removes the schedule)",
  },
  {
    key: "server.dbMirror",
    flag: "--db-mirror <url>",
    env: "VIGIL_DB_MIRROR",
    kind: {
      type: "url",
      protocols: ["http:", "https:", "file:"],
      example: "https://mirror.example.com/vigil",
    },
    commands: ["server"],
    description: "mirror for the scheduled database updates (as `vigil db update --mirror`)",
  },
  {
    key: "server.agentLive",
    flag: "--agent-live <duration>",
    env: "VIGIL_HYBRID_AGENT_LIVE",
    kind: { type: "duration", minMs: 60_000 },
    default: "15m",
    commands: ["server"],
    description:
      "hybrid mode: a host whose agent reported within this is scanned by its agent, else over SSH",
  },
  {
    key: "worker.concurrency",
    flag: "--concurrency <n>",
    env: "VIGIL_WORKER_CONCURRENCY",
    kind: { type: "int", min: 1, max: 64 },
    default: "2",
    commands: ["worker"],
    description: "jobs run at the same time by `vigil worker`",
  },
  {
    key: "agent.server",
    flag: "--server <url>",
    env: "VIGIL_SERVER",
    kind: { type: "url", protocols: ["http:", "https:"], example: "https://vigil.example.com" },
    commands: ["agent"],
    description: "the Vigil server the agent reports to (required)",
  },
  {
    key: "agent.token",
    flag: "--token <key>",
    env: "VIGIL_TOKEN",
    secret: true,
    kind: { type: "text" },
    commands: ["agent"],
    description:
      "API key of the host's account (required; prefer the variable or a mode-0600 file to the flag)",
  },
  {
    key: "agent.root",
    flag: "--root <dir>",
    env: "VIGIL_AGENT_ROOT",
    kind: { type: "path" },
    default: "/",
    commands: ["agent"],
    description: "the host's root directory",
  },
  {
    key: "agent.stateDir",
    flag: "--state-dir <dir>",
    env: "VIGIL_AGENT_STATE_DIR",
    kind: { type: "path" },
    default: "/var/lib/vigil-agent",
    commands: ["agent"],
    description: "where unsent reports wait (offline queue)",
  },
  {
    key: "agent.heartbeat",
    flag: "--heartbeat <duration>",
    env: "VIGIL_AGENT_HEARTBEAT",
    kind: { type: "duration", minMs: 1000 },
    default: "5m",
    commands: ["agent"],
    description: "heartbeat interval",
  },
  {
    key: "agent.fullReport",
    flag: "--full-report <duration>",
    env: "VIGIL_AGENT_FULL_REPORT",
    kind: { type: "duration", minMs: 60_000 },
    default: "24h",
    commands: ["agent"],
    description: "send the whole inventory at least this often",
  },
  {
    key: "agent.name",
    flag: "--name <host>",
    env: "VIGIL_AGENT_NAME",
    kind: { type: "text" },
    defaultText: "the hostname",
    commands: ["agent"],
    description: "the host's name in Vigil",
  },
  {
    key: "agent.logLevel",
    flag: "--log-level <level>",
    env: "VIGIL_AGENT_LOG_LEVEL",
    kind: { type: "enum", values: AGENT_LOG_LEVELS },
    default: "info",
    commands: ["agent"],
    description: "agent log level",
  },
];

/** The config file's sections, in order. */
export const SECTIONS = ["service", "server", "worker", "agent"] as const;

/** A parsed value: text, a number (milliseconds for durations), a flag, or a listen address. */
export type Value = string | number | boolean | { host: string; port: number };

/** A parsed value, or why the input is not one (saying what is allowed). */
export type Parsed = { value: Value } | { problem: string };

/** `host:port`, `[v6]:port` or `:port` (all interfaces). */
export function listenOf(text: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535) return undefined;
  return { host: m[1] ?? (m[2] === "" ? "0.0.0.0" : (m[2] as string)), port };
}

const BOOL_TEXT: Readonly<Record<string, boolean>> = { true: true, false: false, "1": true, "0": false };

/**
 * Parses a value of `kind`. Flags and variables give text (a negated flag gives `false`); the config file
 * gives YAML values: text for most kinds, a number for `int`, `true`/`false` for `bool`.
 */
export function parseValue(kind: Kind, input: unknown): Parsed {
  if (kind.type === "bool") {
    if (typeof input === "boolean") return { value: input };
    const b = typeof input === "string" ? BOOL_TEXT[input.trim().toLowerCase()] : undefined;
    return b === undefined ? { problem: `${show(input)} is not true or false` } : { value: b };
  }
  if (kind.type === "int") {
    const n =
      typeof input === "number"
        ? input
        : typeof input === "string" && /^\s*\d+\s*$/.test(input)
          ? Number(input)
          : Number.NaN;
    return Number.isInteger(n) && n >= kind.min && n <= kind.max
      ? { value: n }
      : { problem: `${show(input)} is not a number from ${kind.min} to ${kind.max}` };
  }
  if (typeof input !== "string") {
    return { problem: `${show(input)} is not text: write ${allowed(kind)}` };
  }
  const text = input.trim();
  switch (kind.type) {
    case "text":
    case "path":
      return text === "" ? { problem: `is empty: write ${allowed(kind)}` } : { value: text };
    case "enum":
      return kind.values.includes(text)
        ? { value: text }
        : { problem: `${show(input)}: use one of ${kind.values.join(", ")}` };
    case "duration": {
      const r = durationOf(input, kind);
      return "ms" in r ? { value: r.ms } : r;
    }
    case "listen": {
      const l = listenOf(text);
      return l === undefined
        ? { problem: `${show(input)} is not host:port (e.g. 127.0.0.1:8080, [::1]:8080, :8080)` }
        : { value: l };
    }
    case "url": {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return { problem: `${show(input)} is not a URL (e.g. ${kind.example})` };
      }
      return kind.protocols.includes(url.protocol)
        ? { value: text }
        : { problem: `${show(input)}: use ${allowed(kind)}` };
    }
  }
}

/** What a kind accepts, in words. */
export function allowed(kind: Kind): string {
  switch (kind.type) {
    case "text":
      return "a non-empty text";
    case "path":
      return "a path";
    case "url":
      return `a URL starting with ${kind.protocols.map((p) => `${p}//`).join(" or ")} (e.g. ${kind.example})`;
    case "duration":
      return `a duration of at least ${formatDuration(kind.minMs)} (e.g. 90s, 15m, 2h, 7d)${kind.off === true ? ", or off" : ""}`;
    case "int":
      return `a whole number from ${kind.min} to ${kind.max}`;
    case "bool":
      return "true or false";
    case "enum":
      return `one of ${kind.values.join(", ")}`;
    case "listen":
      return "host:port, [v6]:port or :port";
  }
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

/**
 * zod, loaded on first use. Every command builds its flags from this table at start-up, and only a command
 * that reads its configuration needs the file's schema: loading zod up front cost every `vigil` run about
 * 100 ms (`vigil --version` included).
 */
function zod(): typeof Zod {
  return (createRequire(import.meta.url)("zod") as { z: typeof Zod }).z;
}

/** The zod schema of a value in the config file: parsed by `parseValue`, its problem as the issue. */
function fileValue(z: typeof Zod, kind: Kind): Zod.ZodType<Value> {
  return z.unknown().transform((v, ctx): Value => {
    const r = parseValue(kind, v);
    if ("problem" in r) {
      ctx.addIssue({ code: "custom", message: r.problem });
      return z.NEVER;
    }
    return r.value;
  });
}

/** The parsed file: section -> field -> value. */
export type ConfigFile = Record<string, Record<string, Value | undefined> | undefined>;

let configFile: Zod.ZodType<ConfigFile> | undefined;

/**
 * The config file: a mapping of the sections, each a mapping of its settings, every key optional and
 * every unknown key an error (`z.strictObject`), so a misspelt setting is never silently ignored.
 */
export function configFileSchema(): Zod.ZodType<ConfigFile> {
  if (configFile !== undefined) return configFile;
  const z = zod();
  configFile = z.strictObject(
    Object.fromEntries(
      SECTIONS.map((section) => [
        section,
        z
          .strictObject(
            Object.fromEntries(
              SETTINGS.filter((s) => s.key.startsWith(`${section}.`)).map((s) => [
                fieldOf(s),
                fileValue(z, s.kind).optional(),
              ]),
            ),
          )
          .optional(),
      ]),
    ),
  );
  return configFile;
}

/** The field of a setting within its section: `agent.heartbeat` -> `heartbeat`. */
export function fieldOf(s: Setting): string {
  return s.key.slice(s.key.indexOf(".") + 1);
}

/** The setting of a key. */
export function settingOf(key: string): Setting {
  const s = SETTINGS.find((x) => x.key === key);
  if (s === undefined) throw new Error(`no setting ${key}`);
  return s;
}
