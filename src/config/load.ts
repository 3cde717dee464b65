/**
 * The effective configuration of a command: flags, then environment variables, then the config file
 * (`--config FILE` or `$VIGIL_CONFIG`, YAML), then defaults; the first that sets a value wins. Everything
 * given is validated at start, in every place it is given (a bad variable is an error even when a flag
 * overrides it), and every problem is reported at once, each naming the flag, variable or file line, the
 * setting and what it accepts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import { errorMessage, VigilError } from "../errors.js";
import {
  type ConfigCommand,
  configFileSchema,
  fieldOf,
  type Kind,
  parseValue,
  SECTIONS,
  SETTINGS,
  type Setting,
  settingOf,
  type Value,
} from "./schema.js";

/** Where a value came from. */
export type Source =
  | { from: "flag"; name: string }
  | { from: "env"; name: string }
  | { from: "file"; path: string; line?: number }
  | { from: "default" };

/** One setting's effective value. */
export interface Entry {
  value: Value;
  /** The value as written (for --print-config). */
  text: string;
  source: Source;
}

/** The effective configuration of one command. */
export interface Config {
  command: ConfigCommand;
  /** The config file read, and what named it. */
  file?: { path: string; namedBy: "--config" | "VIGIL_CONFIG" };
  /** The settings that have a value, by key. */
  entries: ReadonlyMap<string, Entry>;
}

/** What a command was given. */
export interface ConfigInputs {
  command: ConfigCommand;
  /** Flag values by setting key: text, or `false` for a negated flag (`--no-worker`). */
  flags: Readonly<Record<string, string | boolean>>;
  env: Readonly<Record<string, string | undefined>>;
  /** `--config FILE`. */
  configFile?: string | undefined;
  /** Defaults the command computes (from the environment), by setting key. */
  defaults?: Readonly<Record<string, string>>;
}

/** A configuration that does not validate: one line per problem. */
export class ConfigError extends VigilError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super("INVALID_CONFIG", problems.join("\n"));
    this.problems = problems;
  }
}

/** The flag's name without its placeholder: `--listen <host:port>` -> `--listen`. */
export function flagName(s: Setting): string | undefined {
  return s.flag?.split(" ")[0];
}

/** A source in words: `--listen`, `VIGIL_LISTEN`, `/etc/vigil.yaml line 3`, `default`. */
export function sourceText(s: Source): string {
  switch (s.from) {
    case "flag":
      return s.name;
    case "env":
      return s.name;
    case "file":
      return s.line === undefined ? s.path : `${s.path} line ${s.line}`;
    case "default":
      return "default";
  }
}

/** The settings a command reads. */
export function settingsOf(command: ConfigCommand): Setting[] {
  return SETTINGS.filter((s) => s.commands.includes(command));
}

/**
 * Resolves and validates the configuration of `inputs.command`.
 * @throws ConfigError listing every problem: the file, variable or flag, the setting, what is allowed
 */
export function loadConfig(inputs: ConfigInputs): Config {
  const problems: string[] = [];
  const named = inputs.configFile ?? nonEmpty(inputs.env.VIGIL_CONFIG);
  const file =
    named === undefined
      ? undefined
      : {
          path: named,
          namedBy: inputs.configFile === undefined ? ("VIGIL_CONFIG" as const) : ("--config" as const),
        };
  const fromFile = file === undefined ? new Map<string, Entry>() : readConfigFile(file, problems);
  const entries = new Map<string, Entry>();
  for (const s of settingsOf(inputs.command)) {
    const flag = inputs.flags[s.key];
    const envText = s.env === undefined ? undefined : nonEmpty(inputs.env[s.env]);
    let entry: Entry | undefined;
    if (envText !== undefined && s.env !== undefined) {
      const r = parseValue(s.kind, envText);
      if ("problem" in r) problems.push(`${s.env} (${s.key}): ${r.problem}`);
      else entry = { value: r.value, text: envText.trim(), source: { from: "env", name: s.env } };
    }
    if (flag !== undefined) {
      const name = flagName(s) ?? s.key;
      const r = parseValue(s.kind, flag);
      if ("problem" in r) problems.push(`${name}: ${r.problem}`);
      else entry = { value: r.value, text: String(flag).trim(), source: { from: "flag", name } };
    }
    entry ??= fromFile.get(s.key);
    if (entry === undefined) {
      const text = s.default ?? inputs.defaults?.[s.key];
      if (text !== undefined) {
        const r = parseValue(s.kind, text);
        if ("problem" in r) throw new Error(`default of ${s.key}: ${r.problem}`);
        entry = { value: r.value, text, source: { from: "default" } };
      }
    }
    if (entry !== undefined) entries.set(s.key, entry);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { command: inputs.command, ...(file === undefined ? {} : { file }), entries };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v;
}

/** Reads, parses and validates the config file against `configFileSchema()`; problems go to `problems`. */
function readConfigFile(file: NonNullable<Config["file"]>, problems: string[]): Map<string, Entry> {
  const out = new Map<string, Entry>();
  let text: string;
  try {
    text = readFileSync(file.path, "utf8");
  } catch (e) {
    problems.push(`${file.namedBy} ${file.path}: cannot read the config file: ${errorMessage(e)}`);
    return out;
  }
  // Loaded here, not at start-up: only a command given a config file pays for the YAML parser.
  const { isMap, isScalar, LineCounter, parseDocument } = createRequire(import.meta.url)(
    "yaml",
  ) as typeof Yaml;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const at = e.linePos?.[0];
      problems.push(
        `${file.path}${at === undefined ? "" : ` line ${at.line}`}: not valid YAML: ${e.message.split("\n")[0]}`,
      );
    }
    return out;
  }
  /** The line of the key at `path` (of the mapping, for a section). */
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path.at(-1)));
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    return range === undefined || range === null ? undefined : lines.linePos(range[0]).line;
  };
  const where = (path: readonly PropertyKey[]): string => {
    const line = lineOf(path);
    return line === undefined ? file.path : `${file.path} line ${line}`;
  };
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    problems.push(
      `${file.path}: not a mapping: write sections (${SECTIONS.join(", ")}) of \`setting: value\` lines`,
    );
    return out;
  }
  const parsed = configFileSchema().safeParse(data);
  if (!parsed.success) {
    const found: { line: number; text: string }[] = [];
    const push = (path: readonly PropertyKey[], text: string) =>
      found.push({ line: lineOf(path) ?? 0, text: `${where(path)}: ${text}` });
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) push([...path, key], unknownKey(path, key));
      } else if (path.length === 1) {
        push(path, `${path[0]}: not a mapping: write \`setting: value\` lines under it`);
      } else {
        push(path, `${path.join(".")}: ${issue.message}`);
      }
    }
    problems.push(...found.sort((a, b) => a.line - b.line).map((f) => f.text));
    return out;
  }
  for (const [section, fields] of Object.entries(parsed.data)) {
    for (const [field, value] of Object.entries((fields ?? {}) as Record<string, Value | undefined>)) {
      if (value === undefined) continue;
      const key = `${section}.${field}`;
      const line = lineOf([section, field]);
      const raw = (data as Record<string, Record<string, unknown>>)[section]?.[field];
      out.set(key, {
        value,
        text: String(raw),
        source: { from: "file", path: file.path, ...(line === undefined ? {} : { line }) },
      });
    }
  }
  return out;
}

/** `agent.hearbeat is not a setting: agent takes server, token, ...; did you mean heartbeat?` */
function unknownKey(path: readonly string[], key: string): string {
  const known =
    path.length === 0
      ? [...SECTIONS]
      : SETTINGS.filter((s) => s.key.startsWith(`${path[0]}.`)).map((s) => fieldOf(s));
  const near = closest(key, known);
  const what = path.length === 0 ? "a section" : "a setting";
  const takes = path.length === 0 ? `use ${known.join(", ")}` : `${path[0]} takes ${known.join(", ")}`;
  return `${[...path, key].join(".")} is not ${what}: ${takes}${near === undefined ? "" : `; did you mean ${near}?`}`;
}

function closest(key: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  const exact = known.find((k) => norm(k) === norm(key));
  if (exact !== undefined) return exact;
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(norm(key), norm(k));
    if (d <= 2 && (best === undefined || d < best.d)) best = { k, d };
  }
  return best?.k;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** A setting's value (undefined when unset), typed by the caller. */
export function settingValue<T extends Value>(config: Config, key: string): T | undefined {
  settingOf(key);
  return config.entries.get(key)?.value as T | undefined;
}

/**
 * A required setting's value.
 * @throws ConfigError naming the flag, the variable and the file field that can set it
 */
export function requiredValue<T extends Value>(config: Config, key: string): T {
  const v = settingValue<T>(config, key);
  if (v !== undefined) return v;
  const s = settingOf(key);
  const name = flagName(s);
  const flag = s.flag?.replace(/<(.*)>/, (_, p: string) => p.toUpperCase());
  const env = s.env === undefined ? undefined : `set ${s.env}`;
  const ways =
    s.secret === true
      ? [env, `${s.key} in a mode-0600 config file`, flag && `pass ${flag}`]
      : [flag && `pass ${flag}`, env, `${s.key} in the config file`];
  const list = ways.filter((w): w is string => w !== undefined);
  throw new ConfigError([`${name ?? s.key}: is required: ${list.join(" or ")}`]);
}

/** Where the service's database is: the data directory or the PostgreSQL URL, whichever is given first. */
export function databaseOf(config: Config): { data: string } | { url: string } {
  const data = config.entries.get("service.data");
  const url = config.entries.get("service.database");
  if (url === undefined) {
    if (data === undefined) throw new Error("service.data has no default");
    return { data: data.value as string };
  }
  if (data === undefined || data.source.from === "default") return { url: url.value as string };
  const rank = { default: 0, file: 1, env: 2, flag: 3 } as const;
  const a = rank[data.source.from];
  const b = rank[url.source.from];
  if (a > b) return { data: data.value as string };
  if (b > a || url.source.from === "env") return { url: url.value as string };
  const where =
    url.source.from === "flag"
      ? "--data and --database"
      : `${sourceText(url.source)}: service.data and service.database`;
  throw new ConfigError([`${where} exclude each other: SQLite in a directory, or PostgreSQL at a URL`]);
}

/** How `--print-config` shows a value: secrets redacted, a URL's password redacted. */
export function shownValue(s: Setting, e: Entry): string {
  if (s.secret === true) return "<redacted>";
  const kind: Kind = s.kind;
  if (kind.type === "url") {
    try {
      const u = new URL(e.text);
      if (u.password !== "") {
        u.password = "REDACTED";
        return u.href;
      }
    } catch {
      // shown as written
    }
  }
  return e.text;
}
