import assert from "node:assert/strict";
import { test } from "node:test";
import { formatIp, parseCidr, parseIp, specialRange } from "./addresses.js";
import { OutboundPolicy, OutboundRefusedError, outboundSettingsFromEnv } from "./outbound.js";

const kind = (a: string) => specialRange(parseIp(a)!);

test("special ranges: loopback, private, link-local, CGNAT, metadata, multicast, unspecified, broadcast", () => {
  const cases: [string, string | undefined][] = [
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["10.2.3.4", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", undefined],
    ["192.168.1.1", "private"],
    ["fd12::1", "private"],
    ["169.254.1.1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["100.64.0.1", "shared (CGNAT)"],
    ["100.128.0.1", undefined],
    ["169.254.169.254", "cloud metadata"],
    ["fd00:ec2::254", "cloud metadata"],
    ["168.63.129.16", "cloud metadata"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["8.8.8.8", undefined],
    ["2606:4700::1111", undefined],
  ];
  assert.deepEqual(
    cases.map(([a]) => [a, kind(a)]),
    cases,
  );
});

test("IPv6 forms carrying an IPv4 address are judged by it: mapped, NAT64, 6to4", () => {
  assert.equal(kind("::ffff:127.0.0.1"), "loopback");
  assert.equal(kind("::ffff:7f00:1"), "loopback");
  assert.equal(kind("[::ffff:169.254.169.254]"), "cloud metadata");
  assert.equal(kind("64:ff9b::a00:1"), "private");
  assert.equal(kind("2002:7f00:1::"), "loopback");
  assert.equal(kind("::ffff:8.8.8.8"), undefined);
});

test("CIDRs: parsed, normalized, refused with the example when malformed", () => {
  assert.equal(parseCidr("10.1.2.3/8").text, "10.0.0.0/8");
  assert.equal(parseCidr("::1").text, "::1/128");
  assert.equal(formatIp(parseIp("fe80:0:0:0:0:0:0:1")!), "fe80::1");
  assert.throws(() => parseCidr("10.0.0.0/33"), /not an address range: write e\.g\. 10\.0\.0\.0\/8/);
  assert.throws(() => parseCidr("example.com/8"), /not an address range/);
});

test("policy: the allow-list opens what it names (mapped forms too); allowPrivate opens private, not metadata", async () => {
  const strict = new OutboundPolicy();
  await assert.rejects(strict.resolve("127.0.0.1", "127.0.0.1:80"), OutboundRefusedError);
  const allowed = new OutboundPolicy({ allow: ["127.0.0.1/32"] });
  assert.equal((await allowed.resolve("[::ffff:127.0.0.1]")).address, "::ffff:127.0.0.1");
  await assert.rejects(allowed.resolve("127.0.0.2"), /127\.0\.0\.2 is a loopback address/);
  const open = new OutboundPolicy({ allowPrivate: true });
  assert.equal(open.refusal("10.0.0.1"), undefined);
  assert.match(open.refusal("169.254.169.254") ?? "", /cloud metadata/);
  // A name is judged by what it resolves to, and only allowed addresses are kept.
  const rebinding = new OutboundPolicy({}, { resolver: async () => [{ address: "127.0.0.1", family: 4 }] });
  await assert.rejects(
    rebinding.resolve("evil.example", "evil.example:443"),
    /evil\.example resolves to 127\.0\.0\.1/,
  );
  const mixed = new OutboundPolicy(
    {},
    {
      resolver: async () => [
        { address: "10.0.0.1", family: 4 },
        { address: "93.184.216.34", family: 4 },
      ],
    },
  );
  assert.deepEqual(await mixed.resolveAll("mixed.example"), [{ address: "93.184.216.34", family: 4 }]);
});

test("settings from the environment: the variables are named in errors", () => {
  assert.deepEqual(
    outboundSettingsFromEnv({ VIGIL_ALLOW_PRIVATE_TARGETS: "true", VIGIL_OUTBOUND_ALLOW: "10.0.0.0/8, ::1" }),
    { allowPrivate: true, allow: ["10.0.0.0/8", "::1"] },
  );
  assert.throws(
    () => outboundSettingsFromEnv({ VIGIL_ALLOW_PRIVATE_TARGETS: "maybe" }),
    /VIGIL_ALLOW_PRIVATE_TARGETS/,
  );
  assert.throws(
    () => new OutboundPolicy({ allow: ["nope"] }),
    /VIGIL_OUTBOUND_ALLOW: "nope" is not an address range/,
  );
});
