// A module exercising replace and exclude (hand-written in go.mod syntax; checked with `go mod edit -json`).
module example.com/vigil/fixture

go 1.19

require (
	github.com/sirupsen/logrus v1.9.0
	golang.org/x/sys v0.0.0-20220715151400-c0bba94af5f8 // indirect
	golang.org/x/text v0.3.7 // indirect; via golang.org/x/net
	example.com/forked/lib v1.2.0
	gopkg.in/yaml.v3 v3.0.0-20210107192922-496545a6307b
	"github.com/quoted/path" v0.1.0
)

require github.com/stretchr/testify v1.7.0

exclude (
	golang.org/x/text v0.3.7
	golang.org/x/text v0.3.6
)

replace golang.org/x/sys => golang.org/x/sys v0.1.0

replace (
	example.com/forked/lib v1.2.0 => ../lib
	gopkg.in/yaml.v3 v3.0.0-20210107192922-496545a6307b => gopkg.in/yaml.v3 v3.0.1
	gopkg.in/yaml.v3 v3.0.0 => gopkg.in/yaml.v3 v3.0.2
)

retract v0.0.1 // published by mistake
