import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { apkPurl, debPurl, normalizePypiName, npmPurl, pypiPurl, rpmPurl } from "./purl.js";

describe("purl helpers", () => {
  test("deb: '+' in the version is percent-encoded, the epoch colon is kept, distro qualifier from the OS", () => {
    const os = { id: "debian", versionId: "12", ecosystem: "Debian:12" };
    assert.equal(
      debPurl(os, "libc6", "2.36-9+deb12u14", "amd64"),
      "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12",
    );
    assert.equal(
      debPurl(os, "zlib1g", "1:1.2.13.dfsg-1", "amd64"),
      "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12",
    );
    assert.equal(
      debPurl(undefined, "bash", "5.2.15-2+b8", "amd64"),
      "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64",
    );
  });

  test("apk and rpm namespaces follow the OS; rpm's epoch is a qualifier", () => {
    assert.equal(
      apkPurl({ id: "alpine", versionId: "3.20.1" }, "musl", "1.2.5-r0", "x86_64"),
      "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.1",
    );
    assert.equal(
      rpmPurl({ id: "rocky", versionId: "9.4" }, "openssl", "3.0.7-27.el9", 1, "x86_64"),
      "pkg:rpm/rocky/openssl@3.0.7-27.el9?arch=x86_64&distro=rocky-9.4&epoch=1",
    );
    assert.equal(
      rpmPurl(undefined, "bash", "5.1.8-9.el9", undefined, "x86_64"),
      "pkg:rpm/redhat/bash@5.1.8-9.el9?arch=x86_64",
    );
  });

  test("npm: a scope is the namespace, its @ encoded", () => {
    assert.equal(npmPurl("@babel/core", "7.0.0"), "pkg:npm/%40babel/core@7.0.0");
    assert.equal(npmPurl("lodash", "4.17.20"), "pkg:npm/lodash@4.17.20");
  });

  test("pypi: PEP 503 normalised names", () => {
    assert.equal(normalizePypiName("Zope.Interface"), "zope-interface");
    assert.equal(normalizePypiName("typing__extensions"), "typing-extensions");
    assert.equal(pypiPurl("PyYAML", "6.0"), "pkg:pypi/pyyaml@6.0");
  });
});
