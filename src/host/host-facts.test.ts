import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { kernelRelease, listeningSockets, parseProcNet } from "./host-facts.js";

test("listening sockets: a TCP server and a bound UDP socket of this process show in the live /proc/net", async () => {
  const tcp = createServer();
  await new Promise<void>((ok) => tcp.listen(0, "127.0.0.1", ok));
  const udp = createSocket("udp4");
  await new Promise<void>((ok) => udp.bind(0, "127.0.0.1", ok));
  try {
    const tcpPort = (tcp.address() as AddressInfo).port;
    const udpPort = udp.address().port;
    const found = await listeningSockets("/");
    assert.ok(
      found.some((l) => l.protocol === "tcp" && l.address === "127.0.0.1" && l.port === tcpPort),
      `tcp 127.0.0.1:${tcpPort} in ${JSON.stringify(found)}`,
    );
    assert.ok(
      found.some((l) => l.protocol === "udp" && l.address === "127.0.0.1" && l.port === udpPort),
      `udp 127.0.0.1:${udpPort} in ${JSON.stringify(found)}`,
    );
    // A connected TCP socket is not listening.
    assert.ok(!found.some((l) => l.protocol === "tcp" && l.port === 0));
  } finally {
    tcp.close();
    udp.close();
  }
});

test("listening sockets: IPv6 addresses are written as RFC 5952 text", () => {
  // Lines as the kernel prints them (four little-endian words), from a host with sshd and a DNS stub.
  const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21340 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 23501 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 99231 1 0000000000000000 100 0 0 10 0
   3: B80D0120000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99232 1 0000000000000000 100 0 0 10 0
   4: 00000000000000000000000001000000:0016 00000000000000000000000001000000:D3A2 01 00000000:00000000 02:0009E9A1 00000000     0        0 99233 4 0000000000000000 20 4 30 10 -1
`;
  assert.deepEqual(parseProcNet(tcp6, "tcp6"), [
    { protocol: "tcp6", address: "::", port: 22 },
    { protocol: "tcp6", address: "::1", port: 631 },
    { protocol: "tcp6", address: "::ffff:127.0.0.1", port: 8080 },
    { protocol: "tcp6", address: "2001:db8::1", port: 443 },
  ]);
});

test("listening sockets and kernel are read under the root; missing tables and files give none", async () => {
  const root = mkdtempSync(join(tmpdir(), "vigil-host-facts-"));
  try {
    assert.deepEqual(await listeningSockets(root), []);
    assert.equal(await kernelRelease(root), undefined);
    mkdirSync(join(root, "proc/net"), { recursive: true });
    mkdirSync(join(root, "proc/sys/kernel"), { recursive: true });
    writeFileSync(join(root, "proc/sys/kernel/osrelease"), "6.1.0-18-amd64\n");
    const live = readFileSync("/proc/net/tcp", "utf8");
    writeFileSync(join(root, "proc/net/tcp"), live);
    assert.equal(await kernelRelease(root), "6.1.0-18-amd64");
    const expected = new Set(parseProcNet(live, "tcp").map((l) => `${l.address}:${l.port}`));
    const found = await listeningSockets(root);
    assert.ok(found.every((l) => l.protocol === "tcp"));
    assert.deepEqual(new Set(found.map((l) => `${l.address}:${l.port}`)), expected);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
