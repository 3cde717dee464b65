"""Reference oracle for PEP 440 (Python's `packaging`), used by generate_pairs.py.

Reads lines from stdin: "C<TAB>a<TAB>b" (compare) or "V<TAB>v" (validate). Writes one line per input:
for C the sign of a <=> b (-1, 0, 1) or "x" when either side is invalid; for V "ok<TAB>str(Version(v))"
or "invalid".
"""

import sys

import packaging
from packaging.version import InvalidVersion, Version


def parse(v):
    try:
        return Version(v)
    except InvalidVersion:
        return None


def main():
    if sys.argv[1:] == ["--about"]:
        print(f"Python packaging {packaging.__version__} (python {sys.version.split()[0]})")
        return
    out = []
    for line in sys.stdin.read().split("\n"):
        if not line:
            continue
        parts = line.split("\t")
        if parts[0] == "V":
            p = parse(parts[1])
            out.append("invalid" if p is None else f"ok\t{p}")
        else:
            a, b = parse(parts[1]), parse(parts[2])
            out.append("x" if a is None or b is None else str((a > b) - (a < b)))
    sys.stdout.write("\n".join(out) + "\n")


main()
