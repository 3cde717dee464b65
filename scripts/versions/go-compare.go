// Reads "a<TAB>b" lines and prints "a<TAB>b<TAB>golang.org/x/mod/semver.Compare(a, b)", adding the "v" that
// OSV leaves out. Exits non-zero on a version x/mod/semver does not accept, so the expectations only hold
// versions the reference understands. Run in GOPATH mode against Debian's golang-golang-x-mod-dev:
//   GO111MODULE=off GOPATH=/usr/share/gocode go run scripts/versions/go-compare.go < pairs
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func withV(v string) string {
	if strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		f := strings.Split(in.Text(), "\t")
		if len(f) != 2 {
			fmt.Fprintf(os.Stderr, "bad line %q\n", in.Text())
			os.Exit(2)
		}
		for _, v := range f {
			if !semver.IsValid(withV(v)) {
				fmt.Fprintf(os.Stderr, "x/mod/semver rejects %q\n", v)
				os.Exit(1)
			}
		}
		fmt.Fprintf(out, "%s\t%s\t%d\n", f[0], f[1], semver.Compare(withV(f[0]), withV(f[1])))
	}
}
