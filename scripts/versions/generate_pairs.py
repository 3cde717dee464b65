#!/usr/bin/env python3
"""Generates the version-ordering expectations for src/versions/schemes/{pep440,maven,gem,composer}.test.ts.

The expectations come from each ecosystem's own reference implementation (the "oracles" next to this
file), never from Vigil:

  pep440    Python's `packaging`                      oracle_pep440.py
  maven     maven-artifact's ComparableVersion        OracleMaven.java (compiled against the jar)
  gem       RubyGems' Gem::Version                    oracle_gem.rb
  composer  composer/semver VersionParser+Comparator  oracle_composer.php

Versions come from hand-written edge cases below and from real advisory data in ../shared/feeds
(PyPI OSV records, rubysec and FriendsOfPHP advisories). Pairs are: the hand-picked pairs, every pair
within small families of related versions, neighbours in a sorted sample of real versions, and
seeded random pairs. Output, per scheme:

  src/versions/testdata/<scheme>-pairs.tsv     a <TAB> b <TAB> expected sign of a <=> b
  src/versions/testdata/<scheme>-versions.tsv  version <TAB> "ok" or "invalid" <TAB> reference form

Needs: python3 with packaging, java + javac and /usr/share/maven/lib/maven-artifact-*.jar, ruby,
php-cli with php-composer-semver. Run from the repository root:
  python3 scripts/versions/generate_pairs.py [scheme...]
"""

import glob
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FEEDS = os.path.join(os.path.dirname(ROOT), "shared", "feeds")
OUT = os.path.join(ROOT, "src", "versions", "testdata")


def usable(v):
    """Versions that fit in a TSV cell (no tab or newline) and are not empty."""
    return v.strip() != "" and "\t" not in v and "\n" not in v and "\r" not in v


def sample(values, n, seed):
    values = sorted(set(v for v in values if usable(v)))
    rnd = random.Random(seed)
    return values if len(values) <= n else sorted(rnd.sample(values, n))


# ---------------------------------------------------------------------------------------------
# Real versions from the feeds snapshot


def pypi_versions():
    z = zipfile.ZipFile(os.path.join(FEEDS, "osv", "PyPI", "all.zip"))
    out = set()
    for name in z.namelist():
        if not name.endswith(".json"):
            continue
        record = json.loads(z.read(name))
        for affected in record.get("affected", []):
            out.update(affected.get("versions", []))
            for r in affected.get("ranges", []):
                for event in r.get("events", []):
                    out.update(v for k, v in event.items() if k != "introduced" or v != "0")
    return out


CONSTRAINT_VERSION = re.compile(r"(?:[<>=!~^]=?|~>)\s*v?([0-9][^\s,'\"\]|]*)")


def yaml_zip_versions(path, member_glob):
    z = zipfile.ZipFile(path)
    rx = re.compile(member_glob)
    out = set()
    for name in z.namelist():
        if rx.search(name):
            text = z.read(name).decode("utf-8", "replace")
            out.update(CONSTRAINT_VERSION.findall(text))
    return out


def rubysec_versions():
    return yaml_zip_versions(os.path.join(FEEDS, "rubysec", "ruby-advisory-db-master.zip"), r"/gems/.*\.yml$")


def friendsofphp_versions():
    return yaml_zip_versions(
        os.path.join(FEEDS, "friendsofphp", "security-advisories-master.zip"), r"\.yaml$"
    )


# ---------------------------------------------------------------------------------------------
# Hand-written cases per scheme: (families of related versions, explicit pairs, invalid versions)

PEP440_FAMILIES = [
    # pre/post/dev ordering around one release
    ["1.0.dev0", "1.0.dev1", "1.0a0", "1.0a1", "1.0a1.dev1", "1.0a1.post1", "1.0a1.post1.dev1", "1.0a2",
     "1.0b1", "1.0b2.post345.dev456", "1.0b2", "1.0rc1", "1.0rc1.dev1", "1.0c2", "1.0", "1.0+abc.5",
     "1.0+abc.7", "1.0+5", "1.0.post1.dev1", "1.0.post1", "1.0.post2", "1.0-1", "1.1.dev1", "1.0.0",
     "1.0.0.0", "1!0.1", "1.0+ubuntu1", "1.0+ubuntu1.1", "1.0+1.ubuntu", "1.0+local.1"],
    # spellings of the same version
    ["1.0a1", "1.0alpha1", "1.0.a1", "1.0-a1", "1.0_a1", "1.0a.1", "1.0-alpha-1", "1.0A1", "1.0ALPHA1",
     "1.0b1", "1.0beta1", "1.0.beta.1", "1.0rc1", "1.0c1", "1.0pre1", "1.0preview1", "1.0-rc-1",
     "1.0RC1", "1.0.rc.1", "1.0rc", "1.0rc0", "1.0c", "1.0pre", "1.0a-1", "1.0a--1", "1.0a-post1"],
    ["1.0.post1", "1.0post1", "1.0-post1", "1.0_post1", "1.0.post.1", "1.0-1", "1.0.r1", "1.0rev1",
     "1.0.rev.1", "1.0-r-1", "1.0POST1", "1.0.post", "1.0post", "1.0-post", "1.0.post0", "1.0r"],
    ["1.0.dev1", "1.0dev1", "1.0-dev1", "1.0_dev1", "1.0.dev", "1.0dev", "1.0.DEV1", "1.0-dev-1",
     "1.0.dev0", "1.0a1.dev", "1.0.post1.dev0", "1.0-1.dev2"],
    ["1.0", "v1.0", "V1.0", " 1.0", "1.0 ", "\u00a01.0", "01.0", "1.00", "1.0.0", "1", "1!1.0", "0!1.0",
     "2!0.1", "1.0+0", "1.0+00", "1.0+a", "1.0+A", "1.0+a.0", "1.0+0.a", "1.0+a-b", "1.0+a_b", "1.0+a.b",
     "1.0+abc", "1.0+abd", "1.0+1", "1.0+2", "1.0+10", "1.0+1a", "1.0+a1", "1.0+1.0"],
    # Django, requests, numpy-style real versions
    ["4.2rc1", "4.2b1", "4.2a1", "4.2", "4.2.1", "4.2.post1", "4.1.10", "3.2.19", "2.0.0.dev3",
     "2.0.0", "2.0.0rc1", "1.0.post1", "1!1.0", "1.0+local.1", "2.28.2", "1.24.0rc1", "1.26.0b1",
     "0.0.1.post10035392509", "2023.1", "2023.01.01", "20230101", "1.2.3.4.5.6.7", "10.0", "9.9"],
]
PEP440_PAIRS = [
    ("1.0", "1.0.0"), ("1.0a1", "1.0alpha1"), ("1.0-1", "1.0.post1"), ("1.0.dev1", "1.0a1"),
    ("1.0+ubuntu1", "1.0"), ("1.0+1", "1.0+a"), ("1!1.0", "2.0"), ("1.0rc1", "1.0c1"),
    ("1.0.post1.dev1", "1.0.post1"), ("1.0a1.post1", "1.0a2.dev1"), ("1.1.dev1", "1.0.post1"),
    ("1.0+abc.5", "1.0+abc.10"), ("1.0+5", "1.0+abc"), ("1.0+1.2", "1.0+1.10"), ("1.0+1.a", "1.0+1"),
    ("99999999999999999999", "99999999999999999998"), ("1.99999999999999999999", "2"),
    ("1.0.post99999999999999999", "1.0.post100000000000000000"),
]
PEP440_INVALID = [
    "", "   ", "a", "1.0.", ".1", "1..0", "1.0+", "1.0+-a", "1.0+a..b", "1.0++1", "1.0a1a1", "1.0-",
    "1.0.dev1a", "1.0-1-1", "1!", "!1", "1.0foo", "1.0rc1post", "french toast", "1.0 .1",
    "1.0+ubuntu 1", "vv1.0", "1.0_", "-1.0", "1.0+loc@l", "1,0", "1.0\u0661", "\u0661.0", "1.0dev-1a",
    "1.0.post1.post2", "1.0.dev1.dev2", "1.0a1b1", "1.0.*", "==1.0", "1.0-local",
]


MAVEN_BASES = ["1", "1.0", "1.0.0", "1.1", "1.0.1", "2", "10", "1.0.0.0"]
MAVEN_SUFFIXES = [
    "", "-alpha", "-alpha-1", "-alpha1", "-alpha-2", "-a1", ".a1", "a1", "-a", "-beta", "-beta-2", "-b2",
    "b1", "-m3", "-milestone-1", "M1", "-M2", "-rc", "-rc1", "-rc-1", ".rc1", "RC1", "-RC2", "-cr1",
    "-CR1", ".CR2", "-SNAPSHOT", "-snapshot", ".BUILD-SNAPSHOT", ".RELEASE", ".Final", "-final", "-ga",
    ".GA", "-release", "-sp", "-sp1", "-SP1", ".SP2", "-1", ".1", "-0", ".0", "-foo", "-xyz", "-pre",
    "-dev", "-jre", "-android", "-20230101", "-incubating", "-beta.1", "-1-SNAPSHOT", "-alpha-1-SNAPSHOT",
    "_1", "+build.1", "-a-b", "--1", "-.1", ".-1",
]
MAVEN_FAMILIES = [
    ["1-alpha", "1-alpha-1", "1-a1", "1-beta", "1-b1", "1-milestone", "1-m1", "1-rc", "1-rc1", "1-cr1",
     "1-snapshot", "1", "1-ga", "1-final", "1-release", "1-sp", "1-sp1", "1-abc", "1-xyz", "1-1", "1.1",
     "1-0", "1.0", "1-", "1-a", "1-b", "1-m", "1-c", "1-z", "1-alpha2", "1-aa", "1-1-1", "1.0.0-1"],
    ["1.0-SNAPSHOT", "2.0.0.RELEASE", "1.0-alpha-1", "5.3.20.Final", "2.13.4.2", "1.0-rc1", "1.0-cr1",
     "1-sp1", "2.13.4", "2.13.4.1", "2.13.5", "5.3.20", "5.3.21.Final", "5.3.20.RELEASE", "1.0",
     "2.0.0", "2.0.0.M1", "2.0.0.RC1", "2.0.0.BUILD-SNAPSHOT", "31.1-jre", "31.1-android", "32.0.0-jre",
     "4.1.86.Final", "9.4.48.v20220622", "9.4.49.v20220914", "1.2.17", "2.17.1", "2.0-beta9",
     "2.0-rc1", "3.0.0-M5", "3.0.0", "1.0.0-beta.2", "1.7.36", "2.0.0-alpha7", "6.0.0-M1",
     "1.0.0.Alpha1", "1.0.0.Beta2", "1.0.0.CR1", "1.0.0.Final", "1.0.0.SP1", "3.2.1.Final-redhat-00001",
     "1.0.0-rc.1", "2.3.4-b2", "1.8.0_352", "11.0.17+8", "1.0.0-20230101.123456-1"],
    ["1", "1.0", "1.0.0", "1.0.0.0", "1-0", "1.0-0", "1.0.0-0.0", "1.", "1..", "1.0.", ".1", "1..0",
     "01", "1.01", "1.000000000", "1.0000000000", "1.0000000000000000000", "1.2147483647", "1.2147483648",
     "1.999999999", "1.1000000000", "1.999999999999999999", "1.1000000000000000000", "1.99999999999999999999",
     "1.0000000000.1", "1.0.1", "1.000000000000000000000.1", "0", "00", "0.0", "0-0"],
    ["1a", "1.a", "1-a", "1a1", "1.a1", "1-a1", "1a.1", "1a-1", "a1", "a", "alpha", "1alpha1", "1-alpha.1",
     "1x1", "1.x1", "1-x1", "1x", "1.x", "1-x", "x", "1m1", "1b1", "1.0a", "1.0-a", "1.0.a", "1.0a1-1",
     "1.0.0.x1", "1.0.0-x2", "1.0.x1", "1-x-1", "1abc2def3", "1.0.0.GA", "1.0.0-ga.1"],
    ["1.0-\u00e9t\u00e9", "1.0-\u00c9T\u00c9", "1.0-Stra\u00dfe", "1.0-\u0130", "1.0-i", "1.0-\u03b1",
     "1.0-\u0391", "1.0-\u212a", "1.0-k"],
]
MAVEN_PAIRS = [
    ("1.0-rc1", "1.0-cr1"), ("1-sp1", "1"), ("1.0-SNAPSHOT", "1.0"), ("2.0.0.RELEASE", "2.0.0"),
    ("1.0-alpha-1", "1.0-alpha1"), ("1.0-a1", "1.0-alpha-1"), ("1.0.a1", "1.0-a1"), ("1.0a1", "1.0-alpha1"),
    ("1-foo", "1-sp"), ("1-foo", "1-bar"), ("1.0-1", "1.0.1"), ("1.0-1", "1.0"), ("1-1", "1.1"),
    ("5.3.20.Final", "5.3.20"), ("1.0.0.x1", "1.0.0-x2"), ("1.0000000000.1", "1.0.1"),
]


GEM_FAMILIES = [
    ["7.0.4.1", "7.0.4", "7.0.4.2", "7.0.5", "6.1.0.rc2", "6.1.0.rc1", "6.1.0", "6.1.0.beta1", "6.1",
     "6.1.7.6", "5.2.8.1", "5.2.4.3", "4.2.11.3", "7.1.0.beta1", "7.1.0", "7", "7.0", "7.0.0", "7.0.0.0",
     "1.0.a", "1.0.b", "1.0", "1.0.0", "1.0.a1", "1.0.a.1", "1.0a", "1.0a1", "1.0.1", "1.0.rc.1",
     "1.0.pre", "1.0.pre.1", "1.0-1", "1.0-pre", "1.0-rc1", "1.0.A", "1.0.Z", "1.0.z", "1.0.0.a",
     "1.0.0.1.a", "0.0.1", "0", "2.0.0.pre.rc1", "3.2.0.preview1", "1.9.3.p0", "1.9.3.p551"],
    ["1.0.0.a.0", "1.0.a.0.0", "1.0.a", "1.0.a0", "1.0.a00", "1.0.a.01", "1.0.a.1", "1.0.a1.0",
     "1.0.alpha", "1.0.b", "1.0.beta", "1.0.rc", "1.0.rc1", "1.0.RC1", "1.0.1.rc1", "1.0.0.rc1",
     "1.0.rc1.1", "1.0.rc.1.1", "1.0.0.0.1", "1.0.0.0.0.1", "01.0", "1.00", "1.01", "1.1"],
    ["1", "1.0", " 1.0", "1.0 ", "1.0-2", "1.0.pre.2", "1.0-a", "1.0-a-b", "1.0-a.b", "1.0-1.2",
     "1.0--1", "1.0-a.1-b", "99999999999999999999", "1.99999999999999999999", "2", "1.0.99999999999999999"],
]
GEM_PAIRS = [
    ("1.0.a", "1.0"), ("1.0", "1.0.0"), ("1.0.0.a", "1.0.a"), ("1.0.a", "1.0.b"), ("1.0.A", "1.0.a"),
    ("6.1.0.rc2", "6.1.0"), ("1.0-1", "1.0.pre.1"), ("1.0.a.1", "1.0.a1"), ("1.0.1.a", "1.0"),
]
GEM_INVALID = [
    "", "   ", "a", "a.1", ".1", "1.", "1..0", "1.0.", "1.0-", "1.0-.a", "-1", "1 0", "1.0 a", "1,0",
    "v1.0", "=1.0", ">= 1.0", "1.0+build", "1.0_1", "1.0.\u00e9", "\u0661", "1.0\n1", "1.0-a..b",
]


COMPOSER_FAMILIES = [
    ["v5.4.10", "5.4.10", "5.4.9", "5.4.11", "6.0.0-BETA1", "6.0.0-beta1", "6.0.0-beta2", "6.0.0-RC1",
     "6.0.0-rc2", "6.0.0", "6.0.0-alpha1", "6.0.0-dev", "6.0.x-dev", "6.0-dev", "6.0.0.0", "6.0",
     "6", "6.0.0-patch1", "6.0.0-pl2", "6.0.0-p3", "6.0.0-stable", "6.0.0-STABLE", "6.0.0-a1",
     "6.0.0-b1", "6.0.0-alpha", "6.0.0-beta", "6.0.0-RC", "6.0.0-beta.1", "6.0.0-beta-1",
     "6.0.0-beta1.2", "6.0.0-beta1-dev", "6.0.0-RC1-dev", "6.0.0.RC1", "6.0.0RC1", "6.0.0_RC1",
     "6.0.1-dev", "6.1.0", "dev-master", "master", "dev-main", "dev-feature/foo", "1.0.0+build.1"],
    ["1", "1.0", "1.0.0", "1.0.0.0", "v1", "V1.0", " 1.0 ", "1.0.0.0.0", "01.0", "1.00", "1.0.01",
     "1.0@dev", "1.0@stable", "1.0-dev@dev", "1.0 as 2.0", "1.0.x-dev", "1.x-dev", "1.*-dev", "1.X-dev",
     "1.0.*-dev", "1-dev", "1dev", "1.0dev", "1.0.dev", "1.0-beta1dev", "1.0.0-alpha3.1.2",
     "1.0.0-alpha3.1.2.3.4", "1.0-a.1", "99999.0", "100000.0", "1.99999999999999999999",
     "1.9223372036854775807", "1.9223372036854775808", "1.0.9999999", "1.0.9999999.9999999-dev"],
    ["2010-01-02", "2010.01.02", "20100102", "2010-01-02-10-20-30", "2010-01-02.5", "201001021020",
     "2010.01", "2010-01-02-dev", "2010-01-02-beta1", "2010.01.02.1", "201001", "2011", "2010",
     "2010-13-45", "12345", "123456", "1234567"],
]
COMPOSER_PAIRS = [
    ("v5.4.10", "5.4.10"), ("6.0.0-BETA1", "6.0.0-beta1"), ("1.0", "1.0.0"), ("dev-master", "1.0"),
    ("1.0-dev", "1.0-alpha1"), ("1.0-RC1", "1.0"), ("1.0-patch1", "1.0"), ("1.0-stable", "1.0-dev"),
    ("1.0-STABLE", "1.0"), ("1.0.x-dev", "1.0.0"), ("1.0.x-dev", "1.1.0"),
]
COMPOSER_INVALID = [
    "", "   ", "a", "foo", "1.0.0.0.0", "1.0-foo", "1.0-1", "1.0.0-beta.foo", "1.0-dev-dev", "x.1",
    "1.0 2", "feature-dev", "master-dev", "1.0.0+", "=1.0", ">=1.0", "1.0,2.0", "1234567.0",
    "1.0.0-alpha-beta", "1..0",
]


# ---------------------------------------------------------------------------------------------


def maven_versions():
    out = [b + s for b in MAVEN_BASES for s in MAVEN_SUFFIXES]
    for family in MAVEN_FAMILIES:
        out.extend(family)
    return out


SCHEMES = {
    "pep440": {
        "about": ["python3", os.path.join(HERE, "oracle_pep440.py")],
        "families": PEP440_FAMILIES,
        "pairs": PEP440_PAIRS,
        "invalid": PEP440_INVALID,
        "real": lambda: sample(pypi_versions(), 900, 440),
        "random": 500,
    },
    "maven": {
        "families": MAVEN_FAMILIES,
        "pairs": MAVEN_PAIRS,
        "invalid": [],
        "real": maven_versions,
        "random": 1200,
    },
    "gem": {
        "about": ["ruby", os.path.join(HERE, "oracle_gem.rb")],
        "families": GEM_FAMILIES,
        "pairs": GEM_PAIRS,
        "invalid": GEM_INVALID,
        "real": lambda: sample(rubysec_versions(), 400, 7),
        "random": 250,
    },
    "composer": {
        "about": ["php", os.path.join(HERE, "oracle_composer.php")],
        "families": COMPOSER_FAMILIES,
        "pairs": COMPOSER_PAIRS,
        "invalid": COMPOSER_INVALID,
        "real": lambda: sample(friendsofphp_versions(), 400, 9),
        "random": 250,
    },
}


def maven_oracle(tmp):
    jars = sorted(glob.glob("/usr/share/maven/lib/maven-artifact-*.jar"))
    if not jars:
        sys.exit("no /usr/share/maven/lib/maven-artifact-*.jar")
    subprocess.run(["javac", "-cp", jars[0], "-d", tmp, os.path.join(HERE, "OracleMaven.java")], check=True)
    return ["java", "-cp", jars[0] + os.pathsep + tmp, "OracleMaven"]


def ask(cmd, lines):
    res = subprocess.run(
        cmd, input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8", check=True
    )
    out = res.stdout.split("\n")[: len(lines)]
    if len(out) != len(lines):
        sys.exit(f"{cmd[0]}: expected {len(lines)} answers, got {len(out)}")
    return out


def generate(name, spec, tmp):
    cmd = maven_oracle(tmp) if name == "maven" else spec["about"]
    about = subprocess.run(cmd + ["--about"], capture_output=True, text=True, check=True).stdout.strip()
    real = spec["real"]()
    pairs = list(spec["pairs"])
    for family in spec["families"]:
        pairs.extend(itertools.combinations(family, 2))
    ordered = sorted(set(real))
    pairs.extend(zip(ordered, ordered[1:]))
    rnd = random.Random(name)
    pool = sorted(set(real) | {v for f in spec["families"] for v in f})
    pairs.extend((rnd.choice(pool), rnd.choice(pool)) for _ in range(spec["random"]))
    seen = set()
    unique = []
    for a, b in pairs:
        if usable(a) and usable(b) and (a, b) not in seen:
            seen.add((a, b))
            unique.append((a, b))
    answers = ask(cmd, [f"C\t{a}\t{b}" for a, b in unique])
    invalid = {v for v in spec["invalid"] if "\t" not in v and "\n" not in v and v.strip() != ""}
    versions = sorted({v for p in unique for v in p} | invalid)
    forms = ask(cmd, [f"V\t{v}" for v in versions])
    generated = (
        f"# Generated by scripts/versions/generate_pairs.py with {about}."
        " Do not edit by hand; re-run the script.\n"
    )
    kept = [(a, b, r) for (a, b), r in zip(unique, answers) if r != "x"]
    with open(os.path.join(OUT, f"{name}-pairs.tsv"), "w", encoding="utf-8") as f:
        f.write(f"# {name} version pairs: a, b, and the reference order of a and b (-1, 0 or 1).\n")
        f.write(generated + "a\tb\texpected\n")
        f.writelines(f"{a}\t{b}\t{r}\n" for a, b, r in kept)
    with open(os.path.join(OUT, f"{name}-versions.tsv"), "w", encoding="utf-8") as f:
        f.write(f"# {name} versions: whether the reference accepts each one (ok/invalid) and its reference form.\n")
        f.write(generated + "version\tstatus\tform\n")
        for v, r in zip(versions, forms):
            f.write(f"{v}\t{r}\n" if r.startswith("ok\t") else f"{v}\t{r}\t\n")
    print(f"{name}: {len(kept)} pairs ({len(unique) - len(kept)} skipped), {len(versions)} versions; {about}")


def main():
    names = sys.argv[1:] or list(SCHEMES)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            generate(name, SCHEMES[name], tmp)


main()
