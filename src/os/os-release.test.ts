import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { detectOs, fromOsRelease, type OsFiles, osvEcosystem, parseKeyValues } from "./os-release.js";

/** A finished tree's files, as the engine hands them to OS detection. */
function files(map: Record<string, string>): OsFiles {
  return {
    text: async (p) => map[p],
    list: (prefix) => Object.keys(map).filter((p) => p.startsWith(prefix)),
  };
}

// Verbatim from the images named (official os-release files).
const UBUNTU_2204 = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
UBUNTU_CODENAME=jammy
`;
const ALPINE_320 = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.3
PRETTY_NAME="Alpine Linux v3.20"
`;
const ROCKY_9 = `NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
`;
const WOLFI = `ID=wolfi
NAME="Wolfi"
PRETTY_NAME="Wolfi"
VERSION_ID="20230201"
`;

describe("os-release", () => {
  test("parses shell-quoted values and ID_LIKE lists", () => {
    const kv = parseKeyValues('A="x \\"y\\""\nB=\'z\'\n# comment\nC=plain\n');
    assert.deepEqual(
      [...kv],
      [
        ["A", 'x "y"'],
        ["B", "z"],
        ["C", "plain"],
      ],
    );
    assert.deepEqual(fromOsRelease(ROCKY_9)?.idLike, ["rhel", "centos", "fedora"]);
  });

  test("OSV ecosystems: Debian major, Ubuntu LTS only for even-year .04, Alpine major.minor, RHEL family, Wolfi", () => {
    assert.equal(osvEcosystem({ id: "debian", versionId: "12" }), "Debian:12");
    assert.equal(osvEcosystem({ id: "ubuntu", versionId: "22.04" }), "Ubuntu:22.04:LTS");
    assert.equal(osvEcosystem({ id: "ubuntu", versionId: "23.04" }), "Ubuntu:23.04");
    assert.equal(osvEcosystem({ id: "ubuntu", versionId: "24.10" }), "Ubuntu:24.10");
    assert.equal(osvEcosystem({ id: "alpine", versionId: "3.20.3" }), "Alpine:v3.20");
    assert.equal(osvEcosystem({ id: "rocky", versionId: "9.3" }), "Rocky Linux:9");
    assert.equal(osvEcosystem({ id: "almalinux", versionId: "8.10" }), "AlmaLinux:8");
    assert.equal(osvEcosystem({ id: "rhel", versionId: "9.4" }), "Red Hat:enterprise_linux:9");
    assert.equal(osvEcosystem({ id: "wolfi", versionId: "20230201" }), "Wolfi");
    assert.equal(osvEcosystem({ id: "chainguard" }), "Chainguard");
    assert.equal(osvEcosystem({ id: "debian" }), undefined, "no release, no ecosystem");
    assert.equal(osvEcosystem({ id: "gentoo", versionId: "2.15" }), undefined);
  });

  test("etc/os-release wins over the fallbacks", async () => {
    const os = await detectOs(
      files({ "etc/os-release": UBUNTU_2204, "etc/debian_version": "bookworm/sid\n" }),
    );
    assert.equal(os?.ecosystem, "Ubuntu:22.04:LTS");
    assert.equal(os?.versionCodename, "jammy");
  });

  test("usr/lib/os-release when etc/os-release is missing", async () => {
    const os = await detectOs(files({ "usr/lib/os-release": ALPINE_320 }));
    assert.equal(os?.ecosystem, "Alpine:v3.20");
  });

  test("fallbacks: lsb-release, alpine-release, redhat-release, debian_version", async () => {
    const lsb = "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04\nDISTRIB_CODENAME=focal\n";
    assert.equal((await detectOs(files({ "etc/lsb-release": lsb })))?.ecosystem, "Ubuntu:20.04:LTS");
    assert.equal((await detectOs(files({ "etc/alpine-release": "3.19.1\n" })))?.ecosystem, "Alpine:v3.19");
    const rh = "Red Hat Enterprise Linux release 8.9 (Ootpa)\n";
    assert.equal(
      (await detectOs(files({ "etc/redhat-release": rh })))?.ecosystem,
      "Red Hat:enterprise_linux:8",
    );
    const alma = "AlmaLinux release 9.4 (Seafoam Ocelot)\n";
    assert.equal((await detectOs(files({ "etc/redhat-release": alma })))?.ecosystem, "AlmaLinux:9");
    assert.equal((await detectOs(files({ "etc/debian_version": "11.11\n" })))?.ecosystem, "Debian:11");
    const sid = await detectOs(files({ "etc/debian_version": "trixie/sid\n" }));
    assert.deepEqual(sid, { id: "debian", versionCodename: "trixie" });
  });

  test("Wolfi and Chainguard are ecosystems without releases", async () => {
    assert.equal((await detectOs(files({ "etc/os-release": WOLFI })))?.ecosystem, "Wolfi");
  });

  test("distroless: the base-files stanza in dpkg status.d gives the Debian release", async () => {
    const os = await detectOs(
      files({
        "var/lib/dpkg/status.d/libc6": "Package: libc6\nVersion: 2.36-9+deb12u7\n",
        "var/lib/dpkg/status.d/base":
          "Package: base-files\nStatus: install ok installed\nVersion: 12.4+deb12u6\n",
      }),
    );
    assert.deepEqual(os, { id: "debian", versionId: "12", prettyName: "Distroless", ecosystem: "Debian:12" });
  });

  test("scratch: no OS files, no OS", async () => {
    assert.equal(await detectOs(files({ "app/server": "binary" })), undefined);
  });
});
