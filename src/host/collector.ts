/** Who collected an inventory, as a report to the server names it (the agent, an agentless scan, CI). */

/** A listening socket as a collector reports it. */
export interface ListeningPort {
  protocol: "tcp" | "tcp6" | "udp" | "udp6";
  address: string;
  port: number;
}

/** Who collected an inventory: `vigil agent`, an agentless (SSH) scan, or CI (`vigil scan --submit`). */
export interface Collector {
  kind: "agent" | "agentless" | "ci";
  version?: string | undefined;
  kernel?: string | undefined;
  listeningPorts?: ListeningPort[] | undefined;
}
