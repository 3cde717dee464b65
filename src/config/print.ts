/**
 * `--print-config`: the effective configuration as a YAML config file, each value with where it came
 * from, secrets redacted; and docs/configuration.md, the table of every setting.
 */
import { type Config, databaseOf, flagName, settingsOf, shownValue, sourceText } from "./load.js";
import { allowed, fieldOf, SECTIONS, SETTINGS, type Setting } from "./schema.js";

/** A YAML scalar: plain when it reads back as the same text, else double-quoted. */
function scalar(text: string): string {
  return /^[A-Za-z0-9_/.<][\w./:@+<>-]*$/.test(text) && !/^(true|false|null|~|yes|no|on|off)$/i.test(text)
    ? text
    : JSON.stringify(text);
}

/** The effective configuration of `config.command`, as YAML with `# source` comments. */
export function printConfig(config: Config): string {
  const out = [
    `# vigil ${config.command}: effective configuration (flag > environment > file > default)`,
    `# config file: ${config.file === undefined ? "none (--config FILE or VIGIL_CONFIG)" : `${config.file.path} (${config.file.namedBy})`}`,
  ];
  const db = config.entries.has("service.data") ? databaseOf(config) : undefined;
  for (const section of SECTIONS) {
    const settings = settingsOf(config.command).filter((s) => s.key.startsWith(`${section}.`));
    if (settings.length === 0) continue;
    out.push(`${section}:`);
    for (const s of settings) {
      const e = config.entries.get(s.key);
      if (e === undefined) {
        out.push(
          `  # ${fieldOf(s)}: not set${s.defaultText === undefined ? "" : ` (${s.defaultText.replaceAll("`", "")})`}`,
        );
        continue;
      }
      const unused =
        db !== undefined &&
        ((s.key === "service.data" && "url" in db) || (s.key === "service.database" && "data" in db))
          ? "; not used: the other of service.data and service.database wins"
          : "";
      const value = s.kind.type === "bool" ? String(e.value) : scalar(shownValue(s, e));
      out.push(`  ${fieldOf(s)}: ${value}  # ${sourceText(e.source)}${unused}`);
    }
  }
  return `${out.join("\n")}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

function sourcesOf(s: Setting): string {
  const flag = flagName(s);
  return [flag && `\`${flag}\``, s.env && `\`${s.env}\``].filter((x) => x).join("<br>");
}

/** docs/configuration.md, generated from `SETTINGS` (`node --import tsx scripts/config-doc.ts`). */
export function configurationDoc(): string {
  const rows = SETTINGS.map((s) => {
    const def = s.default !== undefined ? `\`${s.default}\`` : (s.defaultText ?? "-");
    return `| \`${s.key}\` | ${sourcesOf(s)} | ${s.commands.join(", ")} | ${cell(allowed(s.kind))} | ${cell(def)} | ${cell(s.description)}${s.secret === true ? " (secret: redacted by `--print-config`)" : ""} |`;
  });
  return `# Configuration

<!-- Generated from src/config/schema.ts by \`node --import tsx scripts/config-doc.ts\`; do not edit by hand.
     test/config/doc.test.ts fails when this page and the schema disagree. -->

\`vigil server\`, \`vigil worker\`, \`vigil agent\` and \`vigil accounts create\` read one configuration, each
setting from (first found wins):

1. a **flag** (\`--listen :8080\`);
2. an **environment variable** (\`VIGIL_LISTEN=:8080\`; an empty variable counts as unset);
3. the **config file**, YAML, named by \`--config FILE\` or \`VIGIL_CONFIG\` (\`server:\\n  listen: ":8080"\`);
4. the **default**.

Every value given is checked at start, wherever it is given (a bad variable is an error even when a flag
overrides it); the command exits 2 listing each problem with the flag, variable or file line, the setting
and what it accepts. A key the file does not know is an error, with the nearest setting suggested, so a
misspelt setting is never silently ignored. One file can serve every command: each reads the sections it
needs (\`service\` for server and worker, \`server\`, \`worker\`, \`agent\`) and all sections are checked.

\`vigil server --print-config\` (also \`worker\` and \`agent\`) prints the effective configuration as a config
file, each value followed by where it came from, secrets and URL passwords redacted, and exits.

\`service.data\` and \`service.database\` exclude each other when given in the same place (two flags, or
both in the file); otherwise the one from the higher place wins, and with both variables set
\`VIGIL_DATABASE_URL\` wins (\`VIGIL_DATA\` names the default directory). The secret key comes from
\`service.secretKeyFile\`, else \`service.secretKey\`, else \`DATA/secret.key\` (generated, SQLite only).

Durations are a number and a unit: \`500ms\`, \`90s\`, \`15m\`, \`2h\`, \`7d\` (decimals allowed, \`1.5h\`); a
bare number is refused, except \`0\`, which means \`off\` where \`off\` is allowed.

Example:

\`\`\`yaml
service:
  database: postgres://vigil@db.internal:5432/vigil
  vulnDb: /var/cache/vigil/vuln.db
  secretKeyFile: /etc/vigil/secret.key
server:
  listen: ":8080"
  worker: false
  dbUpdateInterval: 6h
worker:
  concurrency: 4
\`\`\`

| setting (file key) | flag / variable | read by | accepts | default | what it does |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}
`;
}
