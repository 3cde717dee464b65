/** The systemd unit `vigil agent --print-systemd-unit` prints. */

export interface UnitOptions {
  /** How to start vigil: the node executable and the CLI script, or an installed `vigil`. */
  execStart: string;
  stateDir: string;
  /** Extra agent flags (`--heartbeat 5m`, `--name web-1`). */
  flags: string[];
}

/** One ExecStart argument: `%` and `$` escaped (specifiers, variables), quoted when it has spaces or quotes. */
export function quoteArg(arg: string): string {
  const escaped = arg.replaceAll("%", "%%").replaceAll("$", "$$$$");
  if (/^[A-Za-z0-9_@%+=:,./$-]+$/.test(escaped)) return escaped;
  return `"${escaped.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** systemd creates a state directory under /var/lib (mode 0700); elsewhere the directory must exist. */
function stateDirectory(dir: string): string {
  if (!dir.startsWith("/var/lib/")) return "";
  return `StateDirectory=${dir.slice("/var/lib/".length)}\nStateDirectoryMode=0700\n`;
}

/**
 * A service unit that runs the agent as root (it reads every package database and /proc/net), with
 * the server URL and API key in an EnvironmentFile (`/etc/vigil/agent.env`, mode 0600) rather than on
 * the command line, a read-only view of the system, low CPU and I/O priority, and no restart loop
 * when the server refuses the key (exit code 2).
 */
export function systemdUnit(o: UnitOptions): string {
  const args = [o.execStart, ...["agent", "--state-dir", o.stateDir, ...o.flags].map(quoteArg)].join(" ");
  return `[Unit]
Description=Vigil host agent: package inventory, change-triggered rescans, heartbeat
# Documentation: docs/agent.md in the Vigil sources
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
# VIGIL_SERVER=https://vigil.example.com and VIGIL_TOKEN=vigil_..., mode 0600, owned by root
EnvironmentFile=/etc/vigil/agent.env
ExecStart=${args}
Restart=on-failure
RestartSec=30
# 2: a usage error or an API key the server refuses; restarting would not help
RestartPreventExitStatus=2
${stateDirectory(o.stateDir)}Nice=10
IOSchedulingClass=idle
CPUWeight=20
MemoryHigh=256M
ProtectSystem=strict
ReadWritePaths=${o.stateDir}
ProtectHome=read-only
PrivateTmp=yes
NoNewPrivileges=yes
ProtectKernelTunables=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes

[Install]
WantedBy=multi-user.target
`;
}
